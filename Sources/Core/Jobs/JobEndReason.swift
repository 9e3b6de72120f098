/// Why a job ended: every ended job has one.
public enum JobEndReason: String, Sendable, Codable, CaseIterable {
    /// Every label printed or failed (`failed_count` > 0 is a partial print).
    case completed
    /// No label printed.
    case failed
    /// Cancelled or deleted through the API.
    case cancelledByRequest = "cancelled_by_request"
    /// Its `expires_at` passed before it completed: it stopped sending; labels printed stay printed.
    case expired

    /// The reason a job that ends with `status` gets unless something else says (an expiry).
    public static func ending(_ status: JobStatus) -> JobEndReason? {
        switch status {
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelledByRequest
        case .queued, .printing: nil
        }
    }
}
