import Core
import Foundation
import Logging
import PostgresNIO

/// The job engine's storage: printer leases claimed with `FOR UPDATE SKIP LOCKED`, and every write fenced by
/// the lease token in the same transaction that extends the lease.
public struct PostgresEngineStore: EngineStore {
    let client: PostgresClient
    let logger: Logger
    /// How long one engine call may wait for the database before it fails as unavailable.
    let callTimeout: Duration

    public init(client: PostgresClient, callTimeout: Duration = defaultCallTimeout, logger: Logger) {
        self.client = client
        self.callTimeout = callTimeout
        self.logger = logger
    }

    /// One statement, bounded by ``callTimeout``.
    private func run(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await client.run(query, timeout: callTimeout, logger: logger)
    }

    /// A transaction, bounded by ``callTimeout``.
    private func transaction<Result: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.transaction(logger: logger, timeout: callTimeout, body)
    }

    public func claimPrinter(owner: String, site: String?, leaseDuration: Duration, excluding: Set<UUID>) async throws
        -> PrinterLease?
    {
        let seconds = leaseDuration.timeInterval
        let rows = try await run(
            """
            WITH candidate AS (
                SELECT s.id FROM gateway.printer_states s
                JOIN gateway.printers p ON p.id = s.printer_id
                WHERE p.deleted_at IS NULL AND p.enabled
                  AND (\(site)::text IS NULL OR p.site = \(site))
                  AND (s.lease_expires_at IS NULL OR s.lease_expires_at < now())
                  AND NOT (s.printer_id = ANY(\(Array(excluding))::uuid[]))
                  AND EXISTS (
                      SELECT 1 FROM gateway.jobs j
                      WHERE j.printer_id = s.printer_id AND j.status IN ('queued', 'printing')
                        AND ((NOT j.held AND NOT p.paused) OR j.move_to_printer_id IS NOT NULL
                             OR j.expires_at <= now()))
                ORDER BY s.lease_expires_at NULLS FIRST, s.id
                LIMIT 1
                FOR UPDATE OF s SKIP LOCKED
            )
            UPDATE gateway.printer_states s
            SET lease_owner = \(owner), lease_token = s.lease_token + 1,
                lease_expires_at = now() + make_interval(secs => \(seconds))
            FROM candidate
            WHERE s.id = candidate.id
            RETURNING s.printer_id, s.lease_token, (SELECT name FROM gateway.printers WHERE id = s.printer_id)
            """, logger: logger)
        guard let row = rows.first else { return nil }
        let (printerID, token, name) = try row.decode((UUID, Int64, String).self)
        return PrinterLease(
            printerID: printerID, printerName: name, owner: owner, token: token, duration: leaseDuration)
    }

    /// Extends the lease if its token is still current, inside the caller's transaction; throws otherwise.
    private func fence(_ lease: PrinterLease, on connection: PostgresConnection) async throws {
        let rows = try await connection.rows(
            """
            UPDATE gateway.printer_states
            SET lease_expires_at = now() + make_interval(secs => \(lease.duration.timeInterval))
            WHERE printer_id = \(lease.printerID) AND lease_token = \(lease.token) AND lease_owner = \(lease.owner)
            RETURNING 1
            """, logger: logger)
        if rows.isEmpty { throw LeaseLostError(printerName: lease.printerName) }
    }

    /// A transaction that begins by extending the lease and throws ``LeaseLostError`` when it did not hold.
    private func fenced<Result: Sendable>(
        _ lease: PrinterLease, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await transaction(logger: logger) { connection in
                try await self.fence(lease, on: connection)
                return try await body(connection)
            }
        } catch let error as StoreError {
            if let lost = (error.underlying as? PostgresTransactionError)?.closureError as? LeaseLostError {
                throw lost
            }
            throw error
        } catch let error as PostgresTransactionError {
            if let lost = error.closureError as? LeaseLostError { throw lost }
            throw error
        }
    }

    /// Two statements of their own, each fenced: the lease extended with the printer read (``LeasedPrinter``), then
    /// the job started (``JobStart``). Jobs waiting to be moved are handed over after, in a transaction.
    public func startNextJob(_ lease: PrinterLease, continuing: UUID?) async throws -> EngineAssignment? {
        let leased = try await client.run(LeasedPrinter(lease: lease), timeout: callTimeout, logger: logger)
        guard let row = leased.first, row.fenced else { throw LeaseLostError(printerName: lease.printerName) }
        guard let (printer, model) = row.printer else { return nil }
        let started = try await client.run(
            JobStart(lease: lease, continuing: continuing, printer: printer), timeout: callTimeout, logger: logger)
        guard let start = started.first, start.fenced else { throw LeaseLostError(printerName: lease.printerName) }
        if start.movesWaiting { try await completeMoves(lease, except: continuing) }
        return start.job.map { EngineAssignment(job: $0, printer: printer, model: model) }
    }

    /// Hands over the moves asked for the printer's jobs, but for `except` (whose labels are on the printer: its
    /// run stops it); an expired job is not moved.
    private func completeMoves(_ lease: PrinterLease, except: UUID?) async throws {
        try await fenced(lease) { connection in
            let moving = try await connection.rows(
                """
                SELECT id FROM gateway.jobs
                WHERE printer_id = \(lease.printerID) AND status IN ('queued', 'printing')
                  AND move_to_printer_id IS NOT NULL AND id IS DISTINCT FROM \(except)
                  AND (expires_at IS NULL OR expires_at > now())
                FOR UPDATE
                """, logger: logger)
            for row in moving {
                try await JobMove.complete(try row.decode(UUID.self), actor: nil, on: connection, logger: logger)
            }
        }
    }

    public func nextQueuedJob(_ lease: PrinterLease, after jobID: UUID) async throws -> Job? {
        let rows = try await run(
            """
            SELECT \(unescaped: JobRow.columns) FROM \(unescaped: JobRow.from)
            WHERE j.id = (
                SELECT q.id FROM gateway.jobs q JOIN gateway.printers qp ON qp.id = q.printer_id
                WHERE q.printer_id = \(lease.printerID) AND q.status = 'queued' AND q.id <> \(jobID)
                  AND NOT qp.paused AND NOT q.held AND q.move_to_printer_id IS NULL
                  AND (q.expires_at IS NULL OR q.expires_at > now())
                ORDER BY q.priority DESC, (q.labels_sent > 0 OR q.labels_done > 0) DESC, q.created_at, q.id
                LIMIT 1)
            """, logger: logger)
        return try rows.first.map(JobRow.decode)
    }

    public func labels(jobID: UUID, from: Int, limit: Int) async throws -> [LabelDocument] {
        let rows = try await run(
            """
            SELECT number, body, encoding FROM gateway.label_documents
            WHERE job_id = \(jobID) AND number >= \(from)
            ORDER BY number LIMIT \(limit)
            """, logger: logger)
        return try rows.map { row in
            let (number, body, encoding) = try row.decode((Int, ByteBuffer, String).self)
            return LabelDocument(
                number: number, zpl: Array(try LabelDocumentCodec.decode(body, encoding: encoding).utf8))
        }
    }

    /// ``LeaseAdvance``: throws ``LeaseLostError`` when the lease did not hold.
    public func advance(_ lease: PrinterLease, jobID: UUID?, printed: Int, sent: Int) async throws -> JobControl {
        let rows = try await client.run(
            LeaseAdvance(lease: lease, jobID: jobID, printed: printed, sent: sent), timeout: callTimeout,
            logger: logger)
        guard let row = rows.first, row.fenced else { throw LeaseLostError(printerName: lease.printerName) }
        return JobControl(
            status: row.status.flatMap(JobStatus.init(rawValue:)),
            interruption: row.interruption.flatMap(JobInterruption.init(rawValue:)))
    }

    public func interrupt(_ lease: PrinterLease, jobID: UUID, because interruption: JobInterruption) async throws {
        try await fenced(lease) { connection in
            let rows = try await connection.rows(
                """
                SELECT j.labels_done, j.held, p.paused, p.enabled AND p.deleted_at IS NULL
                FROM gateway.jobs j JOIN gateway.printers p ON p.id = j.printer_id
                WHERE j.id = \(jobID) AND j.status IN ('queued', 'printing')
                FOR UPDATE OF j
                """, logger: logger)
            guard let row = rows.first else { return }
            let (done, held, paused, enabled) = try row.decode((Int, Bool, Bool, Bool).self)
            switch interruption {
            case .expired:
                try await connection.query(
                    """
                    UPDATE gateway.jobs
                    SET status = 'cancelled', end_reason = 'expired', waiting_reason = NULL, next_attempt_at = NULL,
                        completed_at = now()
                    WHERE id = \(jobID)
                    """, logger: logger)
                try await JobEventWriter.append(
                    .expired, jobID: jobID, data: ["labels_done": "\(done)"], on: connection, logger: logger)
            case .moved:
                try await JobMove.complete(jobID, actor: nil, on: connection, logger: logger)
            case .held, .paused, .preempted:
                let reason: WaitingReason? =
                    held ? .held : !enabled ? .printerDisabled : paused ? .paused : nil
                try await JobMove.resetUnconfirmed(jobID, on: connection, logger: logger)
                try await connection.query(
                    """
                    UPDATE gateway.jobs SET status = 'queued', waiting_reason = \(reason?.rawValue)
                    WHERE id = \(jobID)
                    """, logger: logger)
                if interruption == .preempted {
                    try await JobEventWriter.append(
                        .preempted, jobID: jobID, data: ["labels_done": "\(done)"], on: connection, logger: logger)
                } else if let reason {
                    try await JobEventWriter.append(
                        .waiting, jobID: jobID, data: ["waiting_reason": reason.rawValue], on: connection,
                        logger: logger)
                }
            }
        }
    }

    public func setWaiting(_ lease: PrinterLease, jobID: UUID, reason: WaitingReason?, detail: String?) async throws {
        _ = try await fenced(lease) { connection in
            let rows = try await connection.rows(
                """
                UPDATE gateway.jobs
                SET status = CASE WHEN \(reason?.rawValue)::text IS NULL THEN 'printing' ELSE 'queued' END,
                    waiting_reason = \(reason?.rawValue)
                WHERE id = \(jobID) AND status IN ('queued', 'printing')
                  AND waiting_reason IS DISTINCT FROM \(reason?.rawValue)::text
                RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { return }
            if let reason {
                var data = ["waiting_reason": reason.rawValue]
                if let detail { data["detail"] = detail }
                try await JobEventWriter.append(.waiting, jobID: jobID, data: data, on: connection, logger: logger)
            } else {
                try await JobEventWriter.append(.resumed, jobID: jobID, on: connection, logger: logger)
            }
        }
    }

    public func recordFailure(_ lease: PrinterLease, jobID: UUID, error: String, nextAttemptAt: Date?) async throws
        -> Int
    {
        try await fenced(lease) { connection in
            let rows = try await connection.rows(
                """
                UPDATE gateway.jobs
                SET attempts = attempts + 1, last_error = \(error), next_attempt_at = \(nextAttemptAt),
                    status = 'queued',
                    waiting_reason = CASE WHEN \(nextAttemptAt)::timestamptz IS NULL THEN NULL ELSE 'retry_backoff' END
                WHERE id = \(jobID) AND status IN ('queued', 'printing')
                RETURNING attempts
                """, logger: logger)
            guard let attempts = try rows.first?.decode(Int.self) else {
                // A job that ended meanwhile (cancelled) stays as it is.
                let ended = try await connection.rows(
                    "SELECT attempts FROM gateway.jobs WHERE id = \(jobID)", logger: logger)
                return try ended.first?.decode(Int.self) ?? 0
            }
            var data = ["attempt": "\(attempts)", "error": error]
            if let nextAttemptAt { data["next_attempt_at"] = nextAttemptAt.formatted(.iso8601) }
            try await JobEventWriter.append(.retried, jobID: jobID, data: data, on: connection, logger: logger)
            return attempts
        }
    }

    public func finish(_ lease: PrinterLease, jobID: UUID, outcome: JobOutcome) async throws {
        try await fenced(lease) { connection in
            switch outcome {
            case .completed:
                let rows = try await connection.rows(
                    """
                    UPDATE gateway.jobs
                    SET status = 'completed', waiting_reason = NULL, next_attempt_at = NULL, completed_at = now()
                    WHERE id = \(jobID) AND status IN ('queued', 'printing')
                    RETURNING labels_done
                    """, logger: logger)
                if let done = try rows.first?.decode(Int.self) {
                    try await JobEventWriter.append(
                        .completed, jobID: jobID, data: ["labels_done": "\(done)"], on: connection, logger: logger)
                }
            case .gaveUp(let error):
                try await connection.query(
                    """
                    UPDATE gateway.job_labels SET status = 'failed'
                    WHERE job_id = \(jobID)
                      AND number > (
                          SELECT labels_done FROM gateway.jobs
                          WHERE id = \(jobID) AND status IN ('queued', 'printing'))
                    """, logger: logger)
                let rows = try await connection.rows(
                    """
                    UPDATE gateway.jobs
                    SET status = CASE WHEN labels_done > 0 THEN 'completed' ELSE 'failed' END,
                        failed_count = label_count - labels_done, waiting_reason = NULL, next_attempt_at = NULL,
                        last_error = \(error), completed_at = now()
                    WHERE id = \(jobID) AND status IN ('queued', 'printing')
                    RETURNING status, labels_done, failed_count
                    """, logger: logger)
                if let row = rows.first {
                    let (status, done, failed) = try row.decode((String, Int, Int).self)
                    try await JobEventWriter.append(
                        status == "failed" ? .failed : .completed, jobID: jobID,
                        data: ["labels_done": "\(done)", "failed_count": "\(failed)", "error": error],
                        on: connection, logger: logger)
                }
            case .cancelled:
                let rows = try await connection.rows(
                    """
                    UPDATE gateway.jobs
                    SET status = 'cancelled', waiting_reason = NULL, next_attempt_at = NULL,
                        completed_at = coalesce(completed_at, now())
                    WHERE id = \(jobID) AND status IN ('queued', 'printing', 'cancelled')
                    RETURNING labels_done
                    """, logger: logger)
                if let done = try rows.first?.decode(Int.self) {
                    try await JobEventWriter.append(
                        .cancelled, jobID: jobID, data: ["labels_done": "\(done)"], on: connection, logger: logger)
                }
            }
        }
    }

    public func updatePrinterStatus(printerID: UUID, status: PrinterStatus, onlyIfIdle: Bool) async throws {
        _ = try await run(
            """
            UPDATE gateway.printer_states
            SET status_state = \(status.state.rawValue), status_reasons = \(status.reasons.map(\.rawValue)),
                status_detail = \(status.detail), status_checked_at = \(status.checkedAt ?? Date())
            WHERE printer_id = \(printerID)
              AND (NOT \(onlyIfIdle) OR lease_expires_at IS NULL OR lease_expires_at < now())
            """, logger: logger)
    }

    public func idlePrinters(site: String?) async throws -> [(Printer, PrinterModel)] {
        let rows = try await run(
            """
            SELECT \(unescaped: PrinterRow.columns) FROM \(unescaped: PrinterRow.from)
            WHERE p.deleted_at IS NULL AND p.enabled AND (\(site)::text IS NULL OR p.site = \(site))
              AND (s.lease_expires_at IS NULL OR s.lease_expires_at < now())
            ORDER BY p.name
            """, logger: logger)
        return try rows.map(PrinterRow.decode)
    }

    public func release(_ lease: PrinterLease) async throws {
        try await transaction(logger: logger) { connection in
            let rows = try await connection.rows(
                """
                UPDATE gateway.printer_states SET lease_owner = NULL, lease_expires_at = NULL
                WHERE printer_id = \(lease.printerID) AND lease_token = \(lease.token) AND lease_owner = \(lease.owner)
                RETURNING 1
                """, logger: logger)
            guard !rows.isEmpty else { return }
            // A job left mid-way (shutdown) goes back to the queue for whoever claims the printer next.
            let released = try await connection.rows(
                """
                UPDATE gateway.jobs SET status = 'queued', waiting_reason = CASE WHEN held THEN 'held' END
                WHERE printer_id = \(lease.printerID) AND status = 'printing'
                RETURNING id, labels_done
                """, logger: logger)
            for row in released {
                let (jobID, done) = try row.decode((UUID, Int).self)
                try await JobEventWriter.append(
                    .released, jobID: jobID, data: ["owner": lease.owner, "labels_done": "\(done)"],
                    on: connection, logger: logger)
            }
        }
    }

}
