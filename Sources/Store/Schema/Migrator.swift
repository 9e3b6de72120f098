import Foundation
import Logging
import PostgresNIO

/// Applies the numbered SQL files of `Migrations/` in order, each in its own transaction, and records them in
/// `gateway.schema_migrations`. Safe when several processes start at once (an advisory lock serialises them).
public struct Migrator: Sendable {
    public struct Migration: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var sql: String
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The migrations shipped with this build, by version.
    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw StoreError(.invalid, "the Migrations folder is missing from the Store bundle")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        return try files.map { file in
            guard let version = Int(file.prefix { $0.isNumber }) else {
                throw StoreError(.invalid, "migration file \(file) does not start with its number")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            return Migration(version: version, name: file, sql: sql)
        }.sorted { $0.version < $1.version }
    }

    /// Applies what is missing; returns the versions applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let migrations = try Self.bundled()
        var applied: [Int] = []
        for migration in migrations {
            // A migration may rewrite a large table: it gets minutes, not the default of a request.
            let done = try await client.transaction(logger: logger, timeout: .seconds(600)) { connection -> Bool in
                // Serialise migrators across processes for the length of this transaction.
                try await connection.query("SELECT pg_advisory_xact_lock(7234501)", logger: logger)
                try await connection.query("CREATE SCHEMA IF NOT EXISTS gateway", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS gateway.schema_migrations (
                        id integer PRIMARY KEY,
                        name text NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT now(),
                        updated_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                let existing = try await connection.rows(
                    "SELECT 1 FROM gateway.schema_migrations WHERE id = \(migration.version)", logger: logger)
                guard existing.isEmpty else { return false }
                for statement in SQLScript.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO gateway.schema_migrations (id, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                return true
            }
            if done {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The newest version applied, or nil when the schema is empty.
    public func currentVersion() async throws -> Int? {
        let exists = try await client.run(
            "SELECT to_regclass('gateway.schema_migrations') IS NOT NULL", logger: logger)
        guard try exists.first?.decode(Bool.self) == true else { return nil }
        let rows = try await client.run("SELECT max(id) FROM gateway.schema_migrations", logger: logger)
        return try rows.first?.decode(Int?.self) ?? nil
    }

    /// True when every bundled migration is applied.
    public func isUpToDate() async throws -> Bool {
        let latest = try Self.bundled().last?.version
        let current = try await currentVersion()
        return current == latest
    }
}
