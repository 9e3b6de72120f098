import Core
import Foundation
import Logging
import PostgresNIO

/// Moving a job's unconfirmed rest to another printer, inside the caller's transaction: by the API when no process
/// drives the job's printer, by the process that does once the labels it has on the printer are confirmed or
/// cleared.
enum JobMove {
    /// Labels sent and not confirmed become pending again: the job goes on from its first unconfirmed label.
    static func resetUnconfirmed(_ jobID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE gateway.job_labels SET status = 'pending', sent_at = NULL
            WHERE job_id = \(jobID) AND status = 'sent'
            """, logger: logger)
        try await connection.query(
            "UPDATE gateway.jobs SET labels_sent = labels_done WHERE id = \(jobID)", logger: logger)
    }

    /// Puts the job on `move_to_printer_id` (or `target` when given), queued, and logs the move.
    static func complete(
        _ jobID: UUID, to target: UUID? = nil, actor: String?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await resetUnconfirmed(jobID, on: connection, logger: logger)
        let rows = try await connection.rows(
            """
            WITH old AS (
                SELECT j.id, p.name FROM gateway.jobs j JOIN gateway.printers p ON p.id = j.printer_id
                WHERE j.id = \(jobID)
            )
            UPDATE gateway.jobs j
            SET printer_id = t.id, move_to_printer_id = NULL, status = 'queued', next_attempt_at = NULL,
                waiting_reason = CASE WHEN j.held THEN 'held'
                                      WHEN NOT t.enabled OR t.deleted_at IS NOT NULL THEN 'printer_disabled'
                                      WHEN t.paused THEN 'paused' END
            FROM gateway.printers t, old
            WHERE j.id = old.id AND t.id = coalesce(\(target), j.move_to_printer_id)
            RETURNING old.name, t.name, t.id, j.labels_done
            """, logger: logger)
        guard let row = rows.first else { return }
        let (from, to, printerID, done) = try row.decode((String, String, UUID, Int).self)
        try await JobEventWriter.append(
            .moved, jobID: jobID, data: ["from": from, "to": to, "labels_done": "\(done)"], actor: actor,
            on: connection, logger: logger)
        try await JobRepository.wakeWorker(of: printerID, on: connection, logger: logger)
    }
}
