/// Why a job must stop sending before all its labels are on the printer, as the store says at a checkpoint or a
/// heartbeat. The labels on the printer are confirmed or cleared first; then the job gives up the printer.
public enum JobInterruption: String, Sendable, Hashable, CaseIterable {
    /// Its `expires_at` has passed: it ends `cancelled` with `end_reason: expired`.
    case expired
    /// It is moving to another printer: its unconfirmed labels continue there.
    case moved
    /// Held through the API: it waits with `waiting_reason: held` until released.
    case held
    /// Its printer is paused: it waits with `waiting_reason: paused` until the printer resumes.
    case paused
    /// A job of priority 10 waits for the printer: this one goes back to the queue and resumes after it.
    case preempted
}

/// What the store says of a job at a checkpoint or heartbeat.
public struct JobControl: Sendable, Hashable {
    /// The job's status; nil without a job.
    public var status: JobStatus?
    public var interruption: JobInterruption?

    public init(status: JobStatus?, interruption: JobInterruption? = nil) {
        self.status = status
        self.interruption = interruption
    }
}
