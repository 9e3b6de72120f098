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

    /// The printer's next job, FIFO, a job left `printing` by a crashed process first; marks it `printing`.
    /// `nil` when the printer has nothing to do (or is disabled).
    func startNextJob(_ lease: PrinterLease) async throws -> EngineAssignment?

    /// The job ``startNextJob(_:)`` will start once `jobID` has ended, as it is now (still queued): the oldest queued
    /// job of the printer other than `jobID`. The engine sends its first labels while the last ones of `jobID` print.
    func nextQueuedJob(_ lease: PrinterLease, after jobID: UUID) async throws -> Job?

    /// Labels `from`…`from + limit - 1` of a job, in order.
    func labels(jobID: UUID, from: Int, limit: Int) async throws -> [LabelDocument]

    /// Extends the lease; returns the job's current status (to notice a cancel), or nil without a job.
    func heartbeat(_ lease: PrinterLease, jobID: UUID?) async throws -> JobStatus?

    /// Records that labels 1…`printed` are confirmed and 1…`sent` were sent. Returns the job's status.
    func checkpoint(_ lease: PrinterLease, jobID: UUID, printed: Int, sent: Int) async throws -> JobStatus

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
