import Core
import Foundation
import PostgresNIO

/// The outbox (`gateway.events`, filled by the database's triggers): read in sequence order, and pruned.
public struct EventRepository: Sendable {
    /// Announces each new event, with its sequence as payload.
    public static let channel = "gateway_events"
    /// How long events are kept for streams and lists to replay.
    public static let retention: Duration = .seconds(14 * 86_400)

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// At most `limit` events after `sequence`, oldest first; only those of `types` when given.
    public func list(after sequence: Int64, limit: Int, types: [String]? = nil) async throws -> [GatewayEvent] {
        let rows = try await client.run(
            """
            SELECT sequence, id, type, job_id, printer_id, data::text, created_at FROM gateway.events
            WHERE sequence > \(sequence) AND (\(types)::text[] IS NULL OR type = ANY(\(types)::text[]))
            ORDER BY sequence
            LIMIT \(limit)
            """, logger: logger)
        return try rows.map { row in
            let (sequence, id, type, job, printer, data, created) = try row.decode(
                (Int64, UUID, String, UUID?, UUID?, String, Date).self)
            return GatewayEvent(
                sequence: sequence, id: id, type: type, jobID: job, printerID: printer, data: data, createdAt: created)
        }
    }

    /// The newest sequence, 0 when there is no event.
    public func lastSequence() async throws -> Int64 {
        let rows = try await client.run("SELECT coalesce(max(sequence), 0) FROM gateway.events", logger: logger)
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Deletes the events older than `age`; returns how many.
    @discardableResult
    public func prune(olderThan age: Duration = retention) async throws -> Int {
        let rows = try await client.run(
            """
            WITH gone AS (
                DELETE FROM gateway.events WHERE created_at < now() - make_interval(secs => \(age.timeInterval))
                RETURNING 1
            ) SELECT count(*)::bigint FROM gone
            """, logger: logger)
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }
}
