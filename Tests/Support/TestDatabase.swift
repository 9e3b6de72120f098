import Foundation
import Logging
import PostgresNIO
import Store

/// A fresh database for one test, copied from a migrated template so tests never see each other's rows.
///
/// `scripts/test` starts a private PostgreSQL and migrates the template. Settings (with their defaults):
/// `TEST_PG_HOST` (127.0.0.1), `TEST_PG_PORT` (54330), `TEST_PG_TEMPLATE` (gateway_template).
public struct TestDatabase: Sendable {
    public let name: String
    public let url: String
    public let host: String
    public let port: Int

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    public static func create() async throws -> TestDatabase {
        let host = environment["TEST_PG_HOST"] ?? "127.0.0.1"
        let port = Int(environment["TEST_PG_PORT"] ?? "") ?? 54330
        let template = environment["TEST_PG_TEMPLATE"] ?? "gateway_template"
        let name = "gw_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        do {
            try await admin(host: host, port: port) { connection in
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\" TEMPLATE \"\(template)\" OWNER gateway"),
                    logger: logger)
            }
        } catch {
            throw TestSetupError(
                "cannot create a test database on \(host):\(port) from template \(template) (run the tests with scripts/test, which starts PostgreSQL): \(String(reflecting: error))"
            )
        }
        return TestDatabase(
            name: name, url: "postgres://gateway@\(host):\(port)/\(name)", host: host, port: port)
    }

    /// Drops the database (best effort: a test that fails leaves it for inspection only until the next run).
    public func drop() async {
        try? await Self.admin(host: host, port: port) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: Self.logger)
        }
    }

    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: "gateway", password: nil, database: name, tls: .disable)
        configuration.options.maximumConnections = 10
        return configuration
    }

    /// Runs `body` with a running client on this database.
    public func withClient<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: Self.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.runUntilCancelled(logger: Self.logger) }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "test")
        // TEST_LOG_LEVEL (for example debug) shows what the gateway and its service group do in a test.
        logger.logLevel = environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    private static func admin(host: String, port: Int, _ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: host, port: port, username: "postgres", password: nil, database: "postgres", tls: .disable),
            id: 1, logger: logger)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `body` with a fresh database and drops it afterwards.
public func withTestDatabase<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
    let database = try await TestDatabase.create()
    do {
        let result = try await body(database)
        await database.drop()
        return result
    } catch {
        await database.drop()
        throw error
    }
}
