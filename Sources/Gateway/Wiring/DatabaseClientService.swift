import Core
import Foundation
import Hummingbird
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Store

/// The database connection pool and the read connections beside it, first in the service group so that they stop
/// last; the pool's shutdown is bounded.
struct DatabaseClientService: Service {
    let client: PostgresClient
    var reads: ReadConnections?
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await client.runUntilCancelled(logger: logger) }
        await reads?.close()
    }
}
