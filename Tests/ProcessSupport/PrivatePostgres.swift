import Foundation

/// A PostgreSQL cluster of one test's own (scripts/lib.sh `start_postgres`), in a fresh folder on a free port,
/// for a test that stops and starts the database under a running gateway without disturbing the other tests'.
public struct PrivatePostgres: Sendable {
    public let directory: String
    public let port: Int

    /// `postgres://gateway@127.0.0.1:PORT/gateway`.
    public var url: String { "postgres://gateway@127.0.0.1:\(port)/gateway" }

    /// Creates and starts the cluster, with the role and database `gateway`.
    public static func start() throws -> PrivatePostgres {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pg-\(UUID().uuidString.prefix(8))"
        ).path
        let postgres = PrivatePostgres(directory: directory, port: try freeLoopbackPort())
        try postgres.library("PG_FSYNC=off start_postgres \"$1\" \"$2\" && ensure_database \"$2\" gateway")
        return postgres
    }

    /// Starts it again after ``stop()``.
    public func restart() throws { try library("PG_FSYNC=off start_postgres \"$1\" \"$2\"") }

    /// Stops it (fast shutdown: sessions are ended, as when the server is restarted).
    public func stop() throws { try library("stop_postgres \"$1\"") }

    /// Stops it and removes its folder.
    public func remove() {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func library(_ script: String) throws {
        let lib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/lib.sh").path
        let (status, output) = try ChildProcess.run(
            URL(fileURLWithPath: "/bin/bash"),
            ["-c", "source \"$0\"; " + script, lib, directory, "\(port)"], timeout: 120)
        guard status == 0 else { throw ChildProcessError("PostgreSQL in \(directory) on port \(port): \(output)") }
    }
}
