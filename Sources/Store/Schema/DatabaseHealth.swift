import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Whether the database answers, probed every second, so that requests fail fast with 503 while it is down
/// instead of waiting for a connection that cannot be made.
public final class DatabaseHealth: Sendable {
    let client: PostgresClient
    let interval: Duration
    let timeout: Duration
    let logger: Logger
    private let reachable = Mutex(true)

    public init(client: PostgresClient, interval: Duration = .seconds(1), timeout: Duration = .seconds(2), logger: Logger) {
        self.client = client
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    /// False from the first failed probe until the next one that succeeds.
    public var isReachable: Bool { reachable.withLock { $0 } }

    public func run() async throws {
        while !Task.isCancelled {
            let answered = await probe()
            let changed = reachable.withLock { value in
                defer { value = answered }
                return value != answered
            }
            if changed {
                if answered { logger.notice("database reachable again") } else { logger.error("database unreachable") }
            }
            try await Task.sleep(for: interval)
        }
    }

    private func probe() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await self.client.query("SELECT 1", logger: self.logger).collect()) != nil }
            group.addTask {
                try? await Task.sleep(for: self.timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
