import Core
import Foundation
import PostgresNIO

/// Webhook subscriptions (`gateway.webhooks`) and their deliveries (`gateway.webhook_deliveries`, one per event and
/// subscription, made by the database as each event is written).
public struct WebhookRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The subscription as changed by ``update(id:url:events:enabled:)``: nil keeps a field.
    public struct Changes: Sendable {
        public var url: String?
        public var events: [String]?
        public var description: String?
        public var enabled: Bool?

        public init(url: String? = nil, events: [String]? = nil, description: String? = nil, enabled: Bool? = nil) {
            (self.url, self.events, self.description, self.enabled) = (url, events, description, enabled)
        }
    }

    private static let columns = """
        id, url, events, description, secret, enabled, created_at, updated_at, last_delivery_status,
        last_delivery_at, last_delivery_error, failed_deliveries
        """

    public func create(url: String, events: [String], description: String, secret: String) async throws -> Webhook {
        let rows = try await client.run(
            """
            INSERT INTO gateway.webhooks (url, events, description, secret)
            VALUES (\(url), \(events), \(description), \(secret))
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        guard let row = rows.first else { throw StoreError(.unavailable, "the subscription was not stored") }
        return try Self.webhook(row)
    }

    /// The subscriptions not deleted, oldest first.
    public func list() async throws -> [Webhook] {
        try await client.run(
            """
            SELECT \(unescaped: Self.columns) FROM gateway.webhooks WHERE deleted_at IS NULL ORDER BY created_at, id
            """, logger: logger
        ).map(Self.webhook)
    }

    public func find(id: UUID) async throws -> Webhook? {
        try await client.run(
            """
            SELECT \(unescaped: Self.columns) FROM gateway.webhooks WHERE id = \(id) AND deleted_at IS NULL
            """, logger: logger
        ).first.map(Self.webhook)
    }

    /// Nil when there is no such subscription.
    public func update(id: UUID, _ changes: Changes) async throws -> Webhook? {
        try await client.run(
            """
            UPDATE gateway.webhooks SET url = coalesce(\(changes.url), url),
                events = coalesce(\(changes.events)::text[], events),
                description = coalesce(\(changes.description), description),
                enabled = coalesce(\(changes.enabled), enabled), updated_at = now()
            WHERE id = \(id) AND deleted_at IS NULL
            RETURNING \(unescaped: Self.columns)
            """, logger: logger
        ).first.map(Self.webhook)
    }

    /// Marks the subscription deleted: it gets no new deliveries and its pending ones are not sent. False when there
    /// is no such subscription.
    public func delete(id: UUID) async throws -> Bool {
        let rows = try await client.run(
            """
            UPDATE gateway.webhooks SET deleted_at = now(), enabled = false, updated_at = now()
            WHERE id = \(id) AND deleted_at IS NULL RETURNING id
            """, logger: logger)
        return !rows.isEmpty
    }

    /// The subscription's deliveries, newest event first, before `sequence` when given.
    public func deliveries(of webhook: UUID, before sequence: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await client.run(
            """
            SELECT d.id, d.webhook_id, d.event_sequence, e.id, e.type, d.status, d.attempts, d.next_attempt_at,
                d.last_status_code, d.last_error, d.last_duration_ms, d.created_at, d.updated_at
            FROM gateway.webhook_deliveries d JOIN gateway.events e ON e.sequence = d.event_sequence
            WHERE d.webhook_id = \(webhook) AND (\(sequence)::bigint IS NULL OR d.event_sequence < \(sequence))
            ORDER BY d.event_sequence DESC
            LIMIT \(limit)
            """, logger: logger)
        return try rows.map { row in
            let (id, hook, sequence, event, type, status, attempts, next, code, error, millis, created, updated) =
                try row.decode(
                    (
                        Int64, UUID, Int64, UUID, String, String, Int, Date?, Int?, String?, Int?, Date, Date
                    ).self)
            return WebhookDelivery(
                id: id, webhookID: hook, eventSequence: sequence, eventID: event, eventType: type, status: status,
                attempts: attempts, nextAttemptAt: next, lastStatusCode: code, lastError: error,
                lastDuration: millis.map { .milliseconds($0) }, createdAt: created, updatedAt: updated)
        }
    }

    /// A delivery taken by ``claim(now:lease:limit:)``: what to send where.
    public struct Claimed: Sendable {
        public var id: Int64
        public var url: String
        public var secret: String
        public var event: GatewayEvent
        /// This attempt's number, 1 for the first.
        public var attempt: Int
        public var firstAttemptAt: Date
    }

    /// Takes up to `limit` due deliveries of active subscriptions, each the earliest pending one of its stream (a
    /// job's events reach a subscription in order), and moves them `lease` past `now`: if this process dies before
    /// it records the outcome, they are due again then. Rows another deliverer is claiming are skipped.
    public func claim(now: Date, lease: Duration, limit: Int) async throws -> [Claimed] {
        let until = now.addingTimeInterval(lease.timeInterval)
        let rows = try await client.run(
            """
            WITH due AS (
                SELECT d.id FROM gateway.webhook_deliveries d
                JOIN gateway.webhooks w ON w.id = d.webhook_id AND w.enabled AND w.deleted_at IS NULL
                WHERE d.status = 'pending' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= \(now))
                    AND NOT EXISTS (
                        SELECT 1 FROM gateway.webhook_deliveries earlier
                        WHERE earlier.webhook_id = d.webhook_id AND earlier.stream = d.stream
                            AND earlier.status = 'pending' AND earlier.event_sequence < d.event_sequence)
                ORDER BY d.event_sequence
                LIMIT \(limit)
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE gateway.webhook_deliveries d
            SET next_attempt_at = \(until), attempts = d.attempts + 1,
                first_attempt_at = coalesce(d.first_attempt_at, \(now)), updated_at = now()
            FROM due, gateway.webhooks w, gateway.events e
            WHERE d.id = due.id AND w.id = d.webhook_id AND e.sequence = d.event_sequence
            RETURNING d.id, w.url, w.secret, d.attempts, d.first_attempt_at,
                e.sequence, e.id, e.type, e.job_id, e.printer_id, e.data::text, e.created_at
            """, logger: logger)
        return try rows.map { row in
            let (id, url, secret, attempt, first, sequence, event, type, job, printer, data, created) =
                try row.decode((Int64, String, String, Int, Date, Int64, UUID, String, UUID?, UUID?, String, Date).self)
            return Claimed(
                id: id, url: url, secret: secret,
                event: GatewayEvent(
                    sequence: sequence, id: event, type: type, jobID: job, printerID: printer, data: data,
                    createdAt: created),
                attempt: attempt, firstAttemptAt: first)
        }
    }

    /// How an attempt went.
    public struct Outcome: Sendable {
        /// The receiver's status code; nil when it did not answer.
        public var statusCode: Int?
        public var error: String?
        public var duration: Duration
        /// `delivered`, `pending` (tried again at `nextAttempt`) or `failed` (given up).
        public var status: String
        public var nextAttempt: Date?

        public init(statusCode: Int?, error: String?, duration: Duration, status: String, nextAttempt: Date?) {
            (self.statusCode, self.error, self.duration, self.status, self.nextAttempt) =
                (statusCode, error, duration, status, nextAttempt)
        }
    }

    /// Records an attempt's outcome on the delivery and its subscription.
    public func record(_ delivery: Int64, _ outcome: Outcome, at now: Date) async throws {
        let millis = Int(outcome.duration.timeInterval * 1000)
        let shown = outcome.status == "pending" ? "retrying" : outcome.status
        _ = try await client.run(
            """
            WITH done AS (
                UPDATE gateway.webhook_deliveries SET status = \(outcome.status),
                    next_attempt_at = \(outcome.nextAttempt), last_status_code = \(outcome.statusCode),
                    last_error = \(outcome.error), last_duration_ms = \(millis), updated_at = now()
                WHERE id = \(delivery) AND status = 'pending'
                RETURNING webhook_id
            )
            UPDATE gateway.webhooks w SET last_delivery_status = \(shown), last_delivery_at = \(now),
                last_delivery_error = \(outcome.error),
                failed_deliveries = w.failed_deliveries + (CASE WHEN \(shown) = 'failed' THEN 1 ELSE 0 END)
            FROM done WHERE w.id = done.webhook_id
            """, logger: logger)
    }

    static func webhook(_ row: PostgresRow) throws -> Webhook {
        let (id, url, events, description, secret, enabled, created, updated, status, at, error, failed) =
            try row.decode(
                (UUID, String, [String], String, String, Bool, Date, Date, String?, Date?, String?, Int).self)
        return Webhook(
            id: id, url: url, events: events, description: description, secret: secret, enabled: enabled,
            createdAt: created, updatedAt: updated, lastDeliveryStatus: status, lastDeliveryAt: at,
            lastDeliveryError: error, failedDeliveries: failed)
    }
}
