import Core
import Foundation
import PostgresNIO

/// Starts a printer's next job, prepared (each connection parses and plans it once), inside the transaction that
/// fenced the lease: it picks the job (`continuing` first, the job whose labels are on the printer; else the
/// running one, then by priority, resumed jobs first, oldest first; none of a paused printer, held or moving),
/// marks it printing and records the claim. Its row is the job as it was before the statement (one snapshot for
/// the whole statement): ``PostgresEngineStore`` sets the started state. No row when there is nothing to start.
struct JobStart: PostgresPreparedStatement {
    static let sql = """
        WITH picked AS (
            SELECT id FROM gateway.jobs
            WHERE printer_id = $1 AND status IN ('queued', 'printing')
              AND (id = $2
                   OR ($2::uuid IS NULL OR NOT EXISTS (
                           SELECT 1 FROM gateway.jobs c
                           WHERE c.id = $2 AND c.printer_id = $1 AND c.status IN ('queued', 'printing')))
                      AND NOT $3 AND NOT held AND move_to_printer_id IS NULL)
            ORDER BY id = $2 DESC NULLS LAST, (status = 'printing') DESC, priority DESC,
                     (labels_sent > 0 OR labels_done > 0) DESC, created_at, id
            LIMIT 1
            FOR UPDATE
        ), started AS (
            UPDATE gateway.jobs s SET status = 'printing', waiting_reason = NULL, next_attempt_at = NULL
            FROM picked WHERE s.id = picked.id
            RETURNING s.id, s.labels_done
        ), event AS (
            INSERT INTO gateway.job_events (job_id, kind, data)
            SELECT id, $4,
                   jsonb_build_object('owner', $5::text, 'lease_token', $6::text, 'labels_done', labels_done::text,
                                      'uri', $7::text)
            FROM started
        )
        SELECT \(JobRow.columns) FROM \(JobRow.from)
        WHERE j.id = (SELECT id FROM started)
        """
    typealias Row = Job

    let lease: PrinterLease
    let continuing: UUID?
    let printer: Printer

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(lease.printerID)
        bindings.append(continuing)
        bindings.append(printer.paused)
        bindings.append(JobEvent.Kind.claimed.rawValue)
        bindings.append(lease.owner)
        bindings.append("\(lease.token)")
        bindings.append(PrinterURI.masked(printer.uri))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Job {
        var job = try JobRow.decode(row)
        job.status = .printing
        job.waitingReason = nil
        job.nextAttemptAt = nil
        return job
    }
}
