import Foundation

/// Rules every submitted job follows, whatever its source.
public enum JobLimits {
    /// Labels in one job, copies included.
    public static let maxLabels = 1_000
    /// Copies of each label.
    public static let maxCopies = 1_000
    /// Bytes of one label's ZPL.
    public static let maxLabelBytes = 256 * 1024
    public static let defaultMaxAttempts = 5
    /// Bytes of a job's `metadata`, as compact JSON.
    public static let maxMetadataBytes = 4096
    /// The priorities a job may have; a printer takes the highest first, and 10 interrupts the running job.
    public static let priorities = -10...10
    /// A reprint's priority unless the caller says.
    public static let reprintPriority = 5

    /// `priority`, or the refusal naming the field.
    public static func checkedPriority(_ priority: Int) throws(SubmissionError) -> Int {
        guard priorities.contains(priority) else {
            throw SubmissionError(.invalidField, "priority must be between -10 and 10", field: "priority")
        }
        return priority
    }

    /// The time `text` names (RFC 3339, with or without fractional seconds), after `now`; nil for nil.
    public static func checkedExpiry(_ text: String?, now: Date) throws(SubmissionError) -> Date? {
        guard let text else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions.insert(.withFractionalSeconds)
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw SubmissionError(
                .invalidField, "expires_at must be an RFC 3339 time such as 2030-01-31T18:00:00Z",
                field: "expires_at")
        }
        guard date > now else {
            throw SubmissionError(.invalidField, "expires_at must be in the future", field: "expires_at")
        }
        return date
    }
}
