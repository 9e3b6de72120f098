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
