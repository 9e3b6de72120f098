import Core
import Foundation

/// A printer's last known state and the work waiting for it.
public struct PrinterLoad: Sendable, Equatable {
    public var name: String
    public var site: String
    public var state: PrinterState
    /// Why it is not ready, when it is not.
    public var reasons: [PrinterReason]
    /// Jobs queued or printing.
    public var queuedJobs: Int
    /// Labels of those jobs not yet confirmed.
    public var queuedLabels: Int
    /// Seconds since the oldest job still queued (not started, or waiting for the printer) was submitted; 0 without
    /// one. A job printing is not counted: a long job is not a stuck one.
    public var oldestQueuedAge: Double

    public init(
        name: String, site: String, state: PrinterState, reasons: [PrinterReason] = [], queuedJobs: Int,
        queuedLabels: Int, oldestQueuedAge: Double
    ) {
        self.name = name
        self.site = site
        self.state = state
        self.reasons = reasons
        self.queuedJobs = queuedJobs
        self.queuedLabels = queuedLabels
        self.oldestQueuedAge = oldestQueuedAge
    }
}
