import Foundation
import Logging
import PostgresNIO

/// Deletes the stored ZPL of ended jobs once it is older than the retention. Label data stays, so a reprint
/// renders a pruned template label again.
public struct DocumentPruner: Sendable {
    let client: PostgresClient
    let retention: Duration
    let interval: Duration
    let logger: Logger

    public init(client: PostgresClient, retention: Duration, interval: Duration = .seconds(3600), logger: Logger) {
        self.client = client
        self.retention = retention
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // The first pass waits a minute: at start the schema may still be migrating.
        try await Task.sleep(for: .seconds(60))
        while !Task.isCancelled {
            do {
                let pruned = try await pruneOnce()
                if pruned > 0 { logger.info("pruned stored label ZPL", metadata: ["documents": "\(pruned)"]) }
            } catch {
                logger.warning("could not prune stored label ZPL", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Deletes what is due, in batches; returns how many documents went.
    @discardableResult
    public func pruneOnce() async throws -> Int {
        var total = 0
        while true {
            let rows = try await client.run(
                """
                DELETE FROM gateway.label_documents
                WHERE id IN (
                    SELECT d.id FROM gateway.label_documents d
                    JOIN gateway.jobs j ON j.id = d.job_id
                    WHERE d.created_at < now() - make_interval(secs => \(retention.timeInterval))
                      AND j.status IN ('completed', 'failed', 'cancelled')
                    LIMIT 5000)
                RETURNING 1
                """, logger: logger)
            total += rows.count
            if rows.count < 5000 { return total }
        }
    }
}
