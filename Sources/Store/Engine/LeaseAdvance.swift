import Core
import Foundation
import PostgresNIO

/// The engine's hottest statement, prepared (each connection parses and plans it once): fenced and atomic, it
/// extends the lease only with the current token, and only then do the labels up to `sent` and `printed`, the job's
/// counts and the event for the newly confirmed labels change; nothing changes when neither count moves (a
/// heartbeat). Its row says whether the lease held, the job's status (nil without a job) and what asks the job to
/// stop sending (``JobInterruption``), as the rows were before the statement.
struct LeaseAdvance: PostgresPreparedStatement {
    static let sql = """
        WITH \(LeasedPrinter.leaseCTE), job AS (
            SELECT id, labels_done, labels_sent, status FROM gateway.jobs
            WHERE id = $5 AND EXISTS (SELECT 1 FROM lease)
            FOR UPDATE
        ), labels AS (
            UPDATE gateway.job_labels
            SET status = CASE WHEN number <= $6 THEN 'printed' ELSE 'sent' END,
                printed_at = CASE WHEN number <= $6 THEN coalesce(printed_at, now()) END,
                sent_at = coalesce(sent_at, now())
            WHERE job_id = (SELECT id FROM job) AND number <= $7 AND status IN ('pending', 'sent')
        ), updated AS (
            UPDATE gateway.jobs j
            SET labels_done = greatest(j.labels_done, $6), labels_sent = greatest(j.labels_sent, $7)
            FROM job
            WHERE j.id = job.id AND ($6 > job.labels_done OR $7 > job.labels_sent)
            RETURNING job.labels_done AS previous
        ), event AS (
            INSERT INTO gateway.job_events (job_id, kind, data)
            SELECT $5, $8,
                   jsonb_build_object('from', (previous + 1)::text, 'to', $6::text, 'labels_done', $6::text)
            FROM updated
            WHERE $6 > previous
        )
        SELECT EXISTS (SELECT 1 FROM lease), (SELECT status FROM job),
            (SELECT CASE
                 WHEN j.status NOT IN ('queued', 'printing') THEN NULL
                 WHEN j.expires_at <= now() THEN 'expired'
                 WHEN j.move_to_printer_id IS NOT NULL THEN 'moved'
                 WHEN j.held THEN 'held'
                 WHEN p.paused THEN 'paused'
                 WHEN j.priority < 10 AND EXISTS (
                     SELECT 1 FROM gateway.jobs r
                     WHERE r.printer_id = j.printer_id AND r.status = 'queued' AND r.priority = 10 AND r.id <> j.id
                       AND NOT r.held AND r.move_to_printer_id IS NULL
                       AND (r.expires_at IS NULL OR r.expires_at > now())) THEN 'preempted'
             END
             FROM gateway.jobs j JOIN gateway.printers p ON p.id = j.printer_id
             WHERE j.id = (SELECT id FROM job))
        """
    typealias Row = (fenced: Bool, status: String?, interruption: String?)

    let lease: PrinterLease
    let jobID: UUID?
    let printed: Int
    let sent: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.appendFence(lease)
        bindings.append(jobID)
        bindings.append(printed)
        bindings.append(sent)
        bindings.append(JobEvent.Kind.labelsConfirmed.rawValue)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode((Bool, String?, String?).self)
    }
}
