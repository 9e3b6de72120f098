import Core
import Foundation

/// A printer as the dashboard shows it: what it is, what it last said, and what it is doing.
public struct PrinterActivity: Sendable {
    public var record: PrinterRecord
    /// The job it prints now, or else the first of its queue (which may be waiting, and says why).
    public var currentJob: Job?
    /// Jobs queued or printing on it.
    public var queueDepth: Int
    /// When its last label was confirmed, and in which job.
    public var lastPrintedAt: Date?
    public var lastPrintedJobID: UUID?
    /// Labels confirmed since midnight UTC.
    public var printedToday: Int
}
