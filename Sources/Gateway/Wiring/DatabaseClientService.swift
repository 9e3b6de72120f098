import Core
import Foundation
import Hummingbird
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Store

/// The database connection pool, first in the service group so that it stops last; its shutdown is bounded.
struct DatabaseClientService: Service {
    let client: PostgresClient
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await client.runUntilCancelled(logger: logger) }
    }
}
