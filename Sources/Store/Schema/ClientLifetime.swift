import Core
import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs the connection pool until the caller is cancelled, then gives it `shutdownLimit` to close.
    ///
    /// The pool's own shutdown waits for every connection attempt in flight, and an attempt cancelled in the middle
    /// of its handshake may never end; past the limit the pool is left behind with a warning, so that a gateway
    /// (or a test) stopping never hangs on it.
    public func runUntilCancelled(shutdownLimit: Duration = .seconds(5), logger: Logger) async {
        let pool = Task { await self.run() }
        _ = try? await untilCancelled { await pool.value }
        pool.cancel()
        if await !waitForEnd(of: pool, atMost: shutdownLimit) {
            logger.warning(
                "the database connection pool did not close in time; leaving it",
                metadata: ["shutdown.limit": "\(shutdownLimit)"])
        }
    }
}
