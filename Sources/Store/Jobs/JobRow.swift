import Core
import Foundation
import PostgresNIO

/// The columns every job query selects, and how a row becomes a ``Job``.
enum JobRow {
    static let columns = """
        j.id, j.printer_id, p.name AS printer_name, j.template, j.status,
        CASE WHEN j.status = 'queued' AND j.waiting_reason IS NULL AND NOT \(LiveGateways.liveGatewayCondition)
             THEN 'no_gateway_for_site' ELSE j.waiting_reason END AS waiting_reason, j.label_count,
        j.labels_done, j.failed_count, j.attempts, j.max_attempts, j.last_error, j.next_attempt_at,
        j.reprint_of_job_id, j.idempotency_key, j.created_at, j.updated_at, j.completed_at, j.submitted_by,
        j.metadata::text AS metadata, j.priority, j.expires_at, j.end_reason,
        (SELECT t.name FROM gateway.printers t WHERE t.id = j.move_to_printer_id) AS moving_to
        """
    static let from = "gateway.jobs j JOIN gateway.printers p ON p.id = j.printer_id"
    /// The URI of the job's printer as `printer_uri`; null once the printer is deleted.
    static let printerURI = "CASE WHEN p.deleted_at IS NULL THEN p.uri END AS printer_uri"

    static func decode(_ row: PostgresRow) throws -> Job {
        try decode(row.makeRandomAccess())
    }

    /// A row of ``columns`` and ``printerURI``.
    static func decodeWithPrinterURI(_ row: PostgresRow) throws -> (job: Job, printerURI: String?) {
        let columns = row.makeRandomAccess()
        return (try decode(columns), try columns["printer_uri"].decode(String?.self))
    }

    static func decode(_ r: PostgresRandomAccessRow) throws -> Job {
        let status = try r["status"].decode(String.self)
        let waiting = try r["waiting_reason"].decode(String?.self)
        return Job(
            id: try r["id"].decode(UUID.self),
            printerID: try r["printer_id"].decode(UUID.self),
            printer: try r["printer_name"].decode(String.self),
            template: try r["template"].decode(String?.self),
            status: JobStatus(rawValue: status) ?? .queued,
            waitingReason: waiting.flatMap(WaitingReason.init(rawValue:)),
            labelCount: try r["label_count"].decode(Int.self),
            printedCount: try r["labels_done"].decode(Int.self),
            failedCount: try r["failed_count"].decode(Int.self),
            attempts: try r["attempts"].decode(Int.self),
            maxAttempts: try r["max_attempts"].decode(Int.self),
            lastError: try r["last_error"].decode(String?.self),
            nextAttemptAt: try r["next_attempt_at"].decode(Date?.self),
            reprintOfJobID: try r["reprint_of_job_id"].decode(UUID?.self),
            idempotencyKey: try r["idempotency_key"].decode(String?.self),
            confirmation: nil,
            createdAt: try r["created_at"].decode(Date.self),
            updatedAt: try r["updated_at"].decode(Date.self),
            completedAt: try r["completed_at"].decode(Date?.self),
            submittedBy: try r["submitted_by"].decode(String?.self),
            metadata: JobMetadata.decoded(try r["metadata"].decode(String?.self)),
            priority: try r["priority"].decode(Int.self),
            expiresAt: try r["expires_at"].decode(Date?.self),
            endReason: try r["end_reason"].decode(String?.self).flatMap(JobEndReason.init(rawValue:)),
            movingTo: try r["moving_to"].decode(String?.self)
        )
    }
}
