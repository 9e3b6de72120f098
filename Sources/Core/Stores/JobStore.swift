import Foundation

/// Jobs as the API sees them: queue, read, list, cancel, delete. The engine's side of a job (leases, checkpoints)
/// is ``EngineStore``.
///
/// Failures the callers act on are ``StoreError``s: `notFound`, `conflict`, `invalid` as each method says.
public protocol JobStore: Sendable {
    /// Queues a job with its labels and wakes the engines. `notFound` without such a printer; `conflict` when a lot
    /// cannot be bound (``LotConflict``). A job for a disabled printer waits with `printer_disabled`. With an
    /// idempotency key already used, returns the first job and queues nothing (`created` false).
    func submit(_ newJob: NewJob) async throws -> (job: Job, created: Bool)

    /// The job, unless it was never queued or is deleted.
    func find(id: UUID) async throws -> Job?

    /// Newest first, at most `limit`. `cursor` is the opaque value a previous page returned; `invalid` when it is
    /// not one.
    func list(status: JobStatus?, printer: String?, limit: Int, cursor: String?) async throws
        -> (jobs: [Job], nextCursor: String?)

    /// The labels `numbers` of a job (or, with nil, those that failed), in the order asked.
    func storedLabels(jobID: UUID, numbers: [Int]?) async throws -> [StoredLabel]

    /// Every label of a job, in order.
    func labels(jobID: UUID) async throws -> [JobLabel]

    /// A job's history, oldest first.
    func events(jobID: UUID) async throws -> [JobEvent]

    /// Cancels a job that has not ended (again for one already cancelled); labels not yet sent are not printed.
    /// `notFound` without such a job; `conflict` when it has ended otherwise.
    /// `actor` is the subject of the caller, kept on the event. When a worker was printing the job, the answer
    /// waits up to `stopTimeout` for it to stop sending and clear what the printer holds.
    func cancel(id: UUID, actor: String?, stopTimeout: Duration) async throws -> Job

    /// Soft-deletes a job; one that has not ended is cancelled first. `notFound` without such a job.
    func delete(id: UUID, actor: String?) async throws

    /// Holds a job that has not ended: the labels on the printer finish, nothing more is sent, and it waits with
    /// `held` until released. `notFound` without such a job; `conflict` when it has ended.
    func hold(id: UUID, actor: String?) async throws -> Job

    /// Releases a held job (nothing changes for one not held). `notFound`; `conflict` when it has ended.
    func release(id: UUID, actor: String?) async throws -> Job

    /// Moves the unconfirmed rest of a job to the printer named `printer`. When no process drives the job's printer
    /// the job moves at once; otherwise the move is pending (``Job/movingTo``) until that process has confirmed or
    /// cleared the labels it has on the printer, which count for the job once. `notFound` without such a job;
    /// `conflict` when it has ended; `invalid` when the printer does not exist, is disabled or is the job's own.
    func move(id: UUID, toPrinter printer: String, actor: String?) async throws -> Job
}

extension JobStore {
    /// Cancels for no one in particular (the engine's own tests and tools).
    public func cancel(id: UUID) async throws -> Job { try await cancel(id: id, actor: nil, stopTimeout: .zero) }

    /// Cancels without waiting for the printer's worker to stop.
    public func cancel(id: UUID, actor: String?) async throws -> Job {
        try await cancel(id: id, actor: actor, stopTimeout: .zero)
    }

    /// Deletes for no one in particular.
    public func delete(id: UUID) async throws { try await delete(id: id, actor: nil) }
}
