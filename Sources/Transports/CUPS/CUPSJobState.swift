import CCUPS

/// The IPP `job-state` of a CUPS job (RFC 8011 §5.3.7).
public enum CUPSJobState: Int, Sendable, CustomStringConvertible {
    case pending = 3, held, processing, stopped, canceled, aborted, completed

    /// True once the job will not change any more.
    public var isFinal: Bool { self == .canceled || self == .aborted || self == .completed }

    public var description: String {
        switch self {
        case .pending: "pending"
        case .held: "held"
        case .processing: "processing"
        case .stopped: "stopped"
        case .canceled: "canceled"
        case .aborted: "aborted"
        case .completed: "completed"
        }
    }
}

/// One CUPS job as the transport follows it.
public struct CUPSJob: Sendable, Hashable {
    public var id: Int
    public var state: CUPSJobState
    /// `job-state-reasons`, for messages.
    public var reasons: [String]
    /// `job-printer-state-message`: what the backend last said about this job.
    public var message: String?
}

/// One unfinished CUPS job on a queue, as `Get-Jobs` lists it.
public struct CUPSActiveJob: Sendable, Hashable {
    public var id: Int
    public var state: CUPSJobState
    /// `job-name`.
    public var title: String

    /// True when the title is one the transport gives its jobs (`label N` or `label N of job ID`).
    public var isLabelJob: Bool { CUPSJobName.labelNumber(inJobName: title) != nil }
}
