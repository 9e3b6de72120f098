import Core
import Foundation
import Logging
import PostgresNIO

/// Jobs as the API sees them: submit, read, list, cancel, delete.
///
/// Each job read also reads its printer's URI, and sets the job's ``Job/confirmation`` from it through
/// `transports`: what a confirmation means on the job's printer as its URI is now, without a second query.
public struct JobRepository: JobStore {
    /// The channel a new or changed job is announced on, with its printer id as payload.
    public static let channel = "gateway_jobs"

    let client: PostgresClient
    let transports: TransportRegistry
    let reads: ReadConnections?
    let logger: Logger

    /// Without `transports` every job's confirmation is nil; without `reads` a job is read through the pool.
    public init(
        client: PostgresClient, transports: TransportRegistry = TransportRegistry(), reads: ReadConnections? = nil,
        logger: Logger
    ) {
        self.client = client
        self.transports = transports
        self.reads = reads
        self.logger = logger
    }

    /// Queues a job and wakes the engines, in one statement (``JobInsert``); with lots to bind, in one transaction
    /// with the binding. With an idempotency key already used, returns the first job and queues nothing (`created`
    /// false).
    public func submit(_ newJob: NewJob) async throws -> (job: Job, created: Bool) {
        let inserted: [JobInsert.Row]
        if newJob.lotUses.isEmpty {
            inserted = try await client.run(JobInsert(newJob: newJob), logger: logger)
        } else {
            inserted = try await client.transaction(logger: logger) { [logger] connection in
                let rows = try await connection.rows(JobInsert(newJob: newJob), logger: logger)
                if let row = rows.first {
                    try await LotBinding.bind(newJob.lotUses, jobID: row.job.id, on: connection, logger: logger)
                }
                return rows
            }
        }
        if let row = inserted.first { return (confirmed(row), true) }
        return (try await notInserted(newJob), false)
    }

    /// Why ``JobInsert`` inserted nothing: the printer does not exist (`notFound`), or the job that holds the
    /// idempotency key, which is returned.
    private func notInserted(_ newJob: NewJob) async throws -> Job {
        let rows = try await client.run(
            """
            SELECT EXISTS (SELECT 1 FROM gateway.printers WHERE name = \(newJob.printer) AND deleted_at IS NULL),
                   (SELECT id FROM gateway.jobs WHERE idempotency_key = \(newJob.idempotencyKey))
            """, logger: logger)
        let (printerExists, holder) = try rows[0].decode((Bool, UUID?).self)
        guard printerExists else { throw StoreError(.notFound, "no printer named '\(newJob.printer)'") }
        guard let holder else {
            throw StoreError(.conflict, "idempotency key '\(newJob.idempotencyKey ?? "")' is being used")
        }
        guard let job = try await find(id: holder) else { throw StoreError(.notFound, "job \(holder) vanished") }
        return job
    }

    public func find(id: UUID) async throws -> Job? {
        let statement = JobStatements.Find(jobID: id)
        let rows =
            if let reads { try await reads.run(statement, pool: client) } else {
                try await client.run(statement, logger: logger)
            }
        return rows.first.map(confirmed)
    }

    /// The job with the confirmation its printer's URI gives (none once the printer is deleted).
    private func confirmed(_ row: (job: Job, printerURI: String?)) -> Job {
        var job = row.job
        job.confirmation = row.printerURI.flatMap(transports.confirmation(for:))
        return job
    }

    /// Newest first. `cursor` is the opaque value a previous page returned.
    public func list(status: JobStatus?, printer: String?, limit: Int, cursor: String?) async throws
        -> (jobs: [Job], nextCursor: String?)
    {
        let position = try cursor.map(JobCursor.init(encoded:))
        let rows = try await client.run(
            """
            SELECT \(unescaped: JobRow.columns), \(unescaped: JobRow.printerURI) FROM \(unescaped: JobRow.from)
            WHERE j.deleted_at IS NULL
              AND (\(status?.rawValue)::text IS NULL OR j.status = \(status?.rawValue))
              AND (\(printer)::text IS NULL OR p.name = \(printer))
              AND (\(position?.createdAt)::timestamptz IS NULL OR (j.created_at, j.id) < (\(position?.createdAt), \(position?.id)))
            ORDER BY j.created_at DESC, j.id DESC
            LIMIT \(limit + 1)
            """, logger: logger)
        var jobs = try rows.map { confirmed(try JobRow.decodeWithPrinterURI($0)) }
        var next: String?
        if jobs.count > limit {
            jobs.removeLast()
            next = jobs.last.map { JobCursor(createdAt: $0.createdAt, id: $0.id).encoded }
        }
        return (jobs, next)
    }

    /// The labels `numbers` of a job (or, with nil, those that failed), in the order asked.
    public func storedLabels(jobID: UUID, numbers: [Int]?) async throws -> [StoredLabel] {
        let rows = try await client.run(
            """
            SELECT jl.number, jl.status, jl.lot, jl.data::text, d.body, d.encoding
            FROM gateway.job_labels jl
            LEFT JOIN gateway.label_documents d ON d.job_id = jl.job_id AND d.number = jl.number
            WHERE jl.job_id = \(jobID)
              AND (CASE WHEN \(numbers)::integer[] IS NULL THEN jl.status = 'failed' ELSE jl.number = ANY(\(numbers)::integer[]) END)
            ORDER BY jl.number
            """, logger: logger)
        let labels = try rows.map { row in
            let (number, status, lot, data, body, encoding) = try row.decode(
                (Int, String, String?, String?, ByteBuffer?, String?).self)
            return StoredLabel(
                number: number, status: LabelStatus(rawValue: status) ?? .pending, lot: lot,
                zpl: try body.map { try LabelDocumentCodec.decode($0, encoding: encoding ?? "identity") },
                data: data.flatMap { try? JSONDecoder().decode([String: JSONValue].self, from: Data($0.utf8)) })
        }
        guard let numbers else { return labels }
        let byNumber = Dictionary(labels.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return numbers.compactMap { byNumber[$0] }
    }

    public func labels(jobID: UUID) async throws -> [JobLabel] {
        try await client.run(JobStatements.Labels(jobID: jobID), logger: logger)
    }

    public func events(jobID: UUID) async throws -> [JobEvent] {
        try await client.run(JobStatements.Events(jobID: jobID), logger: logger)
    }

    /// Cancels a job that has not ended. Labels not yet sent are not printed; an ended job answers `conflict`.
    /// Cancels the job. When a worker was printing it, the answer waits (at most `stopTimeout`) until that worker has
    /// stopped sending and, where the transport can, cleared what the printer holds (its `cancelled` event), so that
    /// after the answer at most the label under the head prints.
    public func cancel(id: UUID, actor: String?, stopTimeout: Duration) async throws -> Job {
        let wasPrinting = try await client.transaction(logger: logger) { connection -> Bool in
            let rows = try await connection.rows(
                "SELECT status, printer_id FROM gateway.jobs WHERE id = \(id) AND deleted_at IS NULL FOR UPDATE",
                logger: logger)
            guard let (status, printerID) = try rows.first?.decode((String, UUID).self) else {
                throw StoreError(.notFound, "no job \(id)")
            }
            if status == JobStatus.cancelled.rawValue { return false }
            guard !(JobStatus(rawValue: status)?.isTerminal ?? true) else {
                throw StoreError(.conflict, "job \(id) has already ended (\(status))")
            }
            try await connection.query(
                """
                UPDATE gateway.jobs SET status = 'cancelled', waiting_reason = NULL, next_attempt_at = NULL,
                    completed_at = now()
                WHERE id = \(id)
                """, logger: logger)
            try await JobEventWriter.append(
                .cancelRequested, jobID: id, data: ["previous_status": status], actor: actor, on: connection,
                logger: logger)
            try await Self.wakeWorker(of: printerID, on: connection, logger: logger)
            return status == JobStatus.printing.rawValue
        }
        if wasPrinting, stopTimeout > .zero { try await waitForWorkerStop(id, timeout: stopTimeout) }
        guard let job = try await find(id: id) else { throw StoreError(.notFound, "no job \(id)") }
        return job
    }

    /// Soft-deletes a job; one that has not ended is cancelled first.
    public func delete(id: UUID, actor: String?) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.rows(
                """
                UPDATE gateway.jobs
                SET deleted_at = now(),
                    status = CASE WHEN status IN ('queued', 'printing') THEN 'cancelled' ELSE status END,
                    completed_at = coalesce(completed_at, now())
                WHERE id = \(id) AND deleted_at IS NULL
                RETURNING printer_id
                """, logger: logger)
            guard let printerID = try rows.first?.decode(UUID.self) else { throw StoreError(.notFound, "no job \(id)") }
            try await JobEventWriter.append(.deleted, jobID: id, actor: actor, on: connection, logger: logger)
            try await Self.wakeWorker(of: printerID, on: connection, logger: logger)
        }
    }

    /// Locks the unfinished job `id` in the caller's transaction: `notFound` without it, `conflict` once it ended.
    private func lockUnfinished(_ id: UUID, on connection: PostgresConnection) async throws -> (
        status: String, held: Bool, printerID: UUID, reason: String?
    ) {
        let rows = try await connection.rows(
            """
            SELECT status, held, printer_id, waiting_reason FROM gateway.jobs
            WHERE id = \(id) AND deleted_at IS NULL FOR UPDATE
            """, logger: logger)
        guard let row = rows.first else { throw StoreError(.notFound, "no job \(id)") }
        let (status, held, printerID, reason) = try row.decode((String, Bool, UUID, String?).self)
        guard !(JobStatus(rawValue: status)?.isTerminal ?? true) else {
            throw StoreError(.conflict, "job \(id) has already ended (\(status))")
        }
        return (status, held, printerID, reason)
    }

    /// Reads the job after the transaction that changed it.
    private func changed(_ id: UUID, _ body: @escaping @Sendable (PostgresConnection) async throws -> Void)
        async throws -> Job
    {
        try await client.transaction(logger: logger, body)
        guard let job = try await find(id: id) else { throw StoreError(.notFound, "no job \(id)") }
        return job
    }

    public func hold(id: UUID, actor: String?) async throws -> Job {
        try await changed(id) { connection in
            let job = try await lockUnfinished(id, on: connection)
            guard !job.held else { return }
            try await connection.query(
                """
                UPDATE gateway.jobs
                SET held = true, waiting_reason = CASE WHEN status = 'queued' THEN 'held' ELSE waiting_reason END
                WHERE id = \(id)
                """, logger: logger)
            try await JobEventWriter.append(.held, jobID: id, actor: actor, on: connection, logger: logger)
            try await Self.wakeWorker(of: job.printerID, on: connection, logger: logger)
        }
    }

    public func release(id: UUID, actor: String?) async throws -> Job {
        try await changed(id) { connection in
            let job = try await lockUnfinished(id, on: connection)
            guard job.held else { return }
            try await connection.query(
                """
                UPDATE gateway.jobs j
                SET held = false,
                    waiting_reason = CASE WHEN j.waiting_reason <> 'held' THEN j.waiting_reason
                                          WHEN NOT p.enabled OR p.deleted_at IS NOT NULL THEN 'printer_disabled'
                                          WHEN p.paused THEN 'paused' END
                FROM gateway.printers p
                WHERE j.id = \(id) AND p.id = j.printer_id
                """, logger: logger)
            try await JobEventWriter.append(.holdReleased, jobID: id, actor: actor, on: connection, logger: logger)
            try await Self.wakeWorker(of: job.printerID, on: connection, logger: logger)
        }
    }

    /// Moves the job at once when no live process holds its printer (or it waits in the queue there); otherwise asks
    /// that process to hand it over (``Job/movingTo``).
    public func move(id: UUID, toPrinter name: String, actor: String?) async throws -> Job {
        try await changed(id) { connection in
            let job = try await lockUnfinished(id, on: connection)
            let targets = try await connection.rows(
                "SELECT id, enabled FROM gateway.printers WHERE name = \(name) AND deleted_at IS NULL",
                logger: logger)
            guard let target = targets.first else { throw StoreError(.invalid, "no printer named '\(name)'") }
            let (targetID, enabled) = try target.decode((UUID, Bool).self)
            guard enabled else { throw StoreError(.invalid, "printer '\(name)' is disabled") }
            guard targetID != job.printerID else {
                throw StoreError(.invalid, "job \(id) is on printer '\(name)' already")
            }
            // A lease that ran out (its process died, no one claimed the printer since) is fenced off as a claim
            // would fence it, so the dead process can checkpoint nothing more, and the job moves at once.
            try await connection.query(
                """
                UPDATE gateway.printer_states
                SET lease_owner = NULL, lease_token = lease_token + 1, lease_expires_at = NULL
                WHERE printer_id = \(job.printerID) AND lease_owner IS NOT NULL AND lease_expires_at < now()
                """, logger: logger)
            let driven = try await connection.rows(
                """
                SELECT 1 FROM gateway.printer_states
                WHERE printer_id = \(job.printerID) AND lease_owner IS NOT NULL
                """, logger: logger)
            let running = WaitingReason.isDriven(
                status: JobStatus(rawValue: job.status) ?? .queued, reason: job.reason.flatMap(WaitingReason.init))
            if running, !driven.isEmpty {
                let from = try await connection.rows(
                    """
                    UPDATE gateway.jobs j SET move_to_printer_id = \(targetID)
                    FROM gateway.printers p WHERE j.id = \(id) AND p.id = j.printer_id
                    RETURNING p.name
                    """, logger: logger)
                try await JobEventWriter.append(
                    .moveRequested, jobID: id, data: ["from": try from.first?.decode(String.self) ?? "", "to": name],
                    actor: actor, on: connection, logger: logger)
                try await Self.wakeWorker(of: job.printerID, on: connection, logger: logger)
            } else {
                try await JobMove.complete(id, to: targetID, actor: actor, on: connection, logger: logger)
            }
        }
    }
}
