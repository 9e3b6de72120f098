import Foundation

/// How a job's run ends.
public enum JobOutcome: Sendable, Hashable {
    /// Every label confirmed.
    case completed
    /// Attempts used up: labels after the confirmed ones are marked failed.
    case gaveUp(error: String)
    /// Cancelled on request: labels not sent stay unprinted.
    case cancelled
}
