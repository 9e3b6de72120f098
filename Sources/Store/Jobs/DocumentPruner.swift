import Core
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Deletes the stored ZPL of ended jobs once it is older than the retention (label data stays, so a reprint
/// renders a pruned template label again), and the outbox's events once older than
/// ``EventRepository/retention``. Runs as a service until graceful shutdown: a first pass a minute after
/// the start (the schema may still be migrating), then one an hour.
public struct DocumentPruner: Service {
    let client: PostgresClient
    let retention: Duration
    let ticks: Ticks
    let logger: Logger

    public init(
        client: PostgresClient, retention: Duration, ticks: Ticks = .every(.seconds(3600), firstAfter: .seconds(60)),
        logger: Logger
    ) {
        (self.client, self.retention, self.ticks, self.logger) = (client, retention, ticks, logger)
    }

    public func run() async throws {
        await ticks.run { await prune() }
    }

    private func prune() async {
        do {
            let pruned = try await pruneOnce()
            if pruned > 0 { logger.info("pruned stored label ZPL", metadata: ["documents": "\(pruned)"]) }
            let events = try await EventRepository(client: client, logger: logger).prune()
            if events > 0 { logger.info("pruned old events", metadata: ["events": "\(events)"]) }
        } catch {
            logger.warning("could not prune stored label ZPL", metadata: ["error": "\(error)"])
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
