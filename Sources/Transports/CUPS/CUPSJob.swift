import CCUPS

/// One CUPS job as the transport follows it.
public struct CUPSJob: Sendable, Hashable {
    public var id: Int
    public var state: CUPSJobState
    /// `job-state-reasons`, for messages.
    public var reasons: [String]
    /// `job-printer-state-message`: what the backend last said about this job.
    public var message: String?
}
