import Foundation
import PostgresNIO

/// Where the database is: `postgres://user:password@host:port/database?sslmode=…` (or `?host=/socket/dir` for a
/// Unix socket), turned into PostgresNIO's configurations. Its `description` never shows the password.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public enum TLSMode: Sendable { case disable, prefer, require }

    public var user: String
    public var password: String?
    public var database: String?
    public var host: String
    public var port: Int
    /// The folder of a Unix socket, when `?host=/path` is given.
    public var socketDirectory: String?
    public var tls: TLSMode

    /// Parses `string`; a URL it cannot use is an ``StoreError/Code/invalid`` error whose message says what to fix
    /// and never repeats the URL (it may hold a password).
    public init(_ string: String) throws(StoreError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw StoreError(.invalid, "must look like postgres://user:password@host:port/database") }
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        let name = String(components.path.drop { $0 == "/" })
        database = name.isEmpty ? nil : name
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw StoreError(.invalid, "sslmode '\(other)' is not supported")
        }
    }

    /// The URL with `<REDACTED>` for the password.
    public var description: String {
        let credentials = password == nil ? user : "\(user):<REDACTED>"
        var query: [String] = []
        if let socketDirectory { query.append("host=\(socketDirectory)") }
        switch tls {
        case .disable: break
        case .prefer: query.append("sslmode=prefer")
        case .require: query.append("sslmode=require")
        }
        let location = "postgres://\(credentials)@\(host):\(port)/\(database ?? "")"
        return query.isEmpty ? location : "\(location)?\(query.joined(separator: "&"))"
    }

    public static func clientConfiguration(_ string: String) throws(StoreError) -> PostgresClient.Configuration {
        try DatabaseURL(string).clientConfiguration
    }

    /// For the connection pool.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            let mode: PostgresClient.Configuration.TLS =
                switch tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: mode)
        }
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 20
        return configuration
    }

    /// For a single connection of its own (the health probe).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketDirectory {
            return .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        }
        let mode: PostgresConnection.Configuration.TLS =
            switch tls {
            case .disable: .disable
            case .prefer: .prefer(try .init(configuration: .makeClientConfiguration()))
            case .require: .require(try .init(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}
