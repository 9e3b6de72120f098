import Core
import Foundation
import Hummingbird
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Store

/// Applies migrations, then runs the engine until shutdown.
struct EngineService<Store: EngineStore, Clock: GatewayClock>: Service {
    let migrator: Migrator
    let engine: JobEngine<Store, Clock>
    let logger: Logger

    /// At shutdown the engine stops taking work, lets the labels in flight be confirmed (bounded), checkpoints
    /// and releases its printers before this returns, while the database client is still running.
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await migrateWhenReachable() }
        } catch {
            // Stopped while migrating (a SIGTERM during start-up): the migration was cancelled, not failed.
            if Task.isShuttingDownGracefully { return }
            throw error
        }
        if Task.isShuttingDownGracefully { return }
        try await withGracefulShutdownHandler {
            try await engine.run()
        } onGracefulShutdown: {
            engine.beginShutdown()
        }
    }

    /// Waits out a database that is still starting.
    private func migrateWhenReachable() async throws {
        while true {
            do {
                try await migrator.migrate()
                return
            } catch let error as StoreError where error.code == .unavailable {
                logger.warning("database unavailable; retrying migrations", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
