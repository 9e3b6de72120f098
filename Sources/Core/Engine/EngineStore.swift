import Foundation

/// What the engine needs from storage. Every method that takes a lease is fenced: with a stale token it
/// changes nothing and throws ``LeaseLostError``; the ones that succeed also extend the lease.
///
/// The API's side of the same rows is ``JobStore`` and ``PrinterStore``: one database stands behind all three.
public protocol EngineStore: Sendable {
    /// Claims one enabled printer of `site` (all sites when nil) that has unfinished jobs and whose lease is free
    /// or expired, skipping `excluding`.
    func claimPrinter(owner: String, site: String?, leaseDuration: Duration, excluding: Set<UUID>) async throws
        -> PrinterLease?

    /// The printer's next job, marked `printing`: `continuing` when it is unfinished and still on this printer (its
    /// first labels are on the printer, sent ahead), else a job left `printing` by a crashed process, else the
    /// highest priority first, a started job before a fresh one, then oldest first. Held jobs, and every job while the
    /// printer is paused, wait. First it ends the printer's expired jobs and hands over the moves asked for its jobs.
    /// `nil` when the printer has nothing to do (or is disabled or paused).
    func startNextJob(_ lease: PrinterLease, continuing: UUID?) async throws -> EngineAssignment?

    /// The job ``startNextJob(_:continuing:)`` will start once `jobID` has ended, as it is now (still queued), by the
    /// same rules; nil when none may start. The engine sends its first labels while the last ones of `jobID` print.
    func nextQueuedJob(_ lease: PrinterLease, after jobID: UUID) async throws -> Job?

    /// Labels `from`…`from + limit - 1` of a job, in order.
    func labels(jobID: UUID, from: Int, limit: Int) async throws -> [LabelDocument]

    /// Extends the lease and records that labels 1…`printed` of the job are confirmed and 1…`sent` were sent (a
    /// heartbeat with zeros). Returns the job's status (to notice a cancel) and what asks it to stop sending.
    func advance(_ lease: PrinterLease, jobID: UUID?, printed: Int, sent: Int) async throws -> JobControl

    /// The job stops for `interruption` once its labels on the printer are confirmed or cleared: it goes back to the
    /// queue (held, paused, preempted: its unconfirmed labels pending again), moves to the printer asked for, or
    /// ends `cancelled` as expired.
    func interrupt(_ lease: PrinterLease, jobID: UUID, because interruption: JobInterruption) async throws

    /// Puts the job back to `queued` with a reason (or to `printing` with none) and logs an event when it changed.
    func setWaiting(_ lease: PrinterLease, jobID: UUID, reason: WaitingReason?, detail: String?) async throws

    /// Records a failed attempt; returns the job's attempt count after it.
    func recordFailure(_ lease: PrinterLease, jobID: UUID, error: String, nextAttemptAt: Date?) async throws -> Int

    /// Ends the job.
    func finish(_ lease: PrinterLease, jobID: UUID, outcome: JobOutcome) async throws

    /// Records what the printer said, for the API. With `onlyIfIdle`, nothing is written while a process holds
    /// the printer's lease (its worker reports the status then).
    func updatePrinterStatus(printerID: UUID, status: PrinterStatus, onlyIfIdle: Bool) async throws

    /// Enabled printers of `site` (all when nil) that no process drives now, for status checks.
    func idlePrinters(site: String?) async throws -> [(Printer, PrinterModel)]

    /// Gives the printer up so another process may claim it at once.
    func release(_ lease: PrinterLease) async throws
}

extension EngineStore {
    /// Extends the lease; returns the job's current status, or nil without a job.
    public func heartbeat(_ lease: PrinterLease, jobID: UUID?) async throws -> JobStatus? {
        try await advance(lease, jobID: jobID, printed: 0, sent: 0).status
    }

    /// Records that labels 1…`printed` are confirmed and 1…`sent` were sent. Returns the job's status.
    public func checkpoint(_ lease: PrinterLease, jobID: UUID, printed: Int, sent: Int) async throws -> JobStatus {
        try await advance(lease, jobID: jobID, printed: printed, sent: sent).status ?? .queued
    }

    /// The printer's next job, with no job sent ahead.
    public func startNextJob(_ lease: PrinterLease) async throws -> EngineAssignment? {
        try await startNextJob(lease, continuing: nil)
    }
}
