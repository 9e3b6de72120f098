import Core
import Foundation
import PostgresNIO

/// Starts a printer's next job in one statement of its own, prepared (each connection parses and plans it once):
/// it extends the lease if its token is still current (``LeasedPrinter/leaseCTE``) and, only then, ends the
/// printer's expired jobs (each with its event; not `continuing`, whose run stops it), picks the job (`continuing`
/// first, the job whose labels are on the printer; else the running one, then by priority, resumed jobs first,
/// oldest first; none of a paused printer, held or moving), marks it printing and records the claim.
///
/// Its one row says whether the lease held, whether jobs wait to be moved to another printer (``JobMove``, which
/// takes statements of its own), and the started job as it was before the statement (one snapshot for the whole
/// statement: ``PostgresEngineStore`` sets the started state); the job's columns are null when nothing started.
struct JobStart: PostgresPreparedStatement {
    static let sql = """
        WITH \(LeasedPrinter.leaseCTE), expired AS (
            UPDATE gateway.jobs
            SET status = 'cancelled', end_reason = 'expired', waiting_reason = NULL, next_attempt_at = NULL,
                completed_at = now()
            WHERE printer_id = $2 AND status IN ('queued', 'printing') AND expires_at <= now()
              AND id IS DISTINCT FROM $5::uuid AND EXISTS (SELECT 1 FROM lease)
            RETURNING id, labels_done
        ), expired_event AS (
            INSERT INTO gateway.job_events (job_id, kind, data)
            SELECT id, 'expired', jsonb_build_object('labels_done', labels_done::text) FROM expired
        ), picked AS (
            SELECT id FROM gateway.jobs
            WHERE printer_id = $2 AND status IN ('queued', 'printing') AND EXISTS (SELECT 1 FROM lease)
              AND id NOT IN (SELECT id FROM expired)
              AND (id = $5::uuid
                   OR ($5::uuid IS NULL OR NOT EXISTS (
                           SELECT 1 FROM gateway.jobs c
                           WHERE c.id = $5::uuid AND c.printer_id = $2 AND c.status IN ('queued', 'printing')))
                      AND NOT $6::boolean AND NOT held AND move_to_printer_id IS NULL)
            ORDER BY id = $5::uuid DESC NULLS LAST, (status = 'printing') DESC, priority DESC,
                     (labels_sent > 0 OR labels_done > 0) DESC, created_at, id
            LIMIT 1
            FOR UPDATE
        ), started AS (
            UPDATE gateway.jobs s SET status = 'printing', waiting_reason = NULL, next_attempt_at = NULL
            FROM picked WHERE s.id = picked.id
            RETURNING s.id, s.labels_done
        ), event AS (
            INSERT INTO gateway.job_events (job_id, kind, data)
            SELECT id, $7::text,
                   jsonb_build_object('owner', $8::text, 'lease_token', $9::text, 'labels_done', labels_done::text,
                                      'uri', $10::text)
            FROM started
        )
        SELECT EXISTS (SELECT 1 FROM lease) AS fenced,
               EXISTS (SELECT 1 FROM gateway.jobs m
                       WHERE m.printer_id = $2 AND m.status IN ('queued', 'printing')
                         AND m.move_to_printer_id IS NOT NULL AND m.id IS DISTINCT FROM $5::uuid
                         AND m.id NOT IN (SELECT id FROM expired)) AS moves_waiting,
               job.*
        FROM (SELECT 1) AS one
        LEFT JOIN (
            SELECT \(JobRow.columns) FROM \(JobRow.from) WHERE j.id = (SELECT id FROM started)
        ) AS job ON true
        """
    typealias Row = (fenced: Bool, movesWaiting: Bool, job: Job?)

    let lease: PrinterLease
    let continuing: UUID?
    let printer: Printer

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.appendFence(lease)
        bindings.append(continuing)
        bindings.append(printer.paused)
        bindings.append(JobEvent.Kind.claimed.rawValue)
        bindings.append(lease.owner)
        bindings.append("\(lease.token)")
        bindings.append(PrinterURI.masked(printer.uri))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let columns = row.makeRandomAccess()
        let fenced = try columns["fenced"].decode(Bool.self)
        let movesWaiting = try columns["moves_waiting"].decode(Bool.self)
        guard try columns["id"].decode(UUID?.self) != nil else { return (fenced, movesWaiting, nil) }
        var job = try JobRow.decode(columns)
        job.status = .printing
        job.waitingReason = nil
        job.nextAttemptAt = nil
        return (fenced, movesWaiting, job)
    }
}
