import Core
import Foundation
import GatewayTestSupport
import Logging
import PostgresNIO
import Store

/// Printers and jobs written straight into a test database, in whatever state a dashboard test needs.
struct DashboardFixture {
    let client: PostgresClient
    let logger = TestDatabase.logger

    func addPrinter(_ name: String, uri: String, site: String = "", enabled: Bool = true, description: String = "")
        async throws
    {
        _ = try await PrinterRepository(client: client, logger: logger).create(
            Printer(name: name, uri: uri, site: site, enabled: enabled, description: description))
    }

    /// A job of `labels` labels on `printer`, the first `printed` printed and the `failed` after them failed, each
    /// with lot `lotPrefix` and its number; its ZPL holds `text`.
    @discardableResult
    func addJob(
        printer: String, status: JobStatus, labels: Int = 3, printed: Int = 0, failed: Int = 0,
        lotPrefix: String? = nil, createdAt: Date = Date(), waiting: WaitingReason? = nil, lastError: String? = nil,
        reprintOf: UUID? = nil, idempotencyKey: String? = nil, text: String = "Label", metadata: String = "{}"
    ) async throws -> UUID {
        let id = UUID()
        let finished = status.isTerminal ? createdAt : nil
        try await client.query(
            """
            INSERT INTO gateway.jobs (id, printer_id, status, waiting_reason, label_count, labels_done, labels_sent,
                failed_count, attempts, last_error, reprint_of_job_id, idempotency_key, created_at, completed_at,
                metadata)
            SELECT \(id), p.id, \(status.rawValue), \(waiting?.rawValue), \(labels), \(printed), \(printed),
                   \(failed), \(lastError == nil ? 0 : 1), \(lastError), \(reprintOf), \(idempotencyKey),
                   \(createdAt), \(finished), \(metadata)::jsonb
            FROM gateway.printers p WHERE p.name = \(printer)
            """, logger: logger)
        try await client.query(
            """
            INSERT INTO gateway.job_labels (job_id, number, status, lot, printed_at)
            SELECT \(id), n,
                   CASE WHEN n <= \(printed) THEN 'printed' WHEN n <= \(printed + failed) THEN 'failed' ELSE 'pending' END,
                   CASE WHEN \(lotPrefix)::text IS NULL THEN NULL ELSE \(lotPrefix) || n END,
                   CASE WHEN n <= \(printed) THEN now() END
            FROM generate_series(1, \(labels)) AS n
            """, logger: logger)
        try await client.query(
            """
            INSERT INTO gateway.label_documents (job_id, number, body)
            SELECT \(id), n, convert_to('^XA^FO50,50^A0N,40,40^FD' || \(text) || ' ' || n || '^FS^XZ', 'UTF8')
            FROM generate_series(1, \(labels)) AS n
            """, logger: logger)
        try await client.query(
            "INSERT INTO gateway.job_events (job_id, kind, data) VALUES (\(id), 'created', '{\"printer\": \"p\"}')",
            logger: logger)
        return id
    }

    func setStatus(_ printer: String, state: PrinterState, reasons: [PrinterReason]) async throws {
        try await client.query(
            """
            UPDATE gateway.printer_states s SET status_state = \(state.rawValue),
                status_reasons = \(reasons.map(\.rawValue))::text[], status_checked_at = now()
            FROM gateway.printers p WHERE p.id = s.printer_id AND p.name = \(printer)
            """, logger: logger)
    }
}
