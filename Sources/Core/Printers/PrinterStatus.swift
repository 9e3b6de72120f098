import Foundation

/// A snapshot of a printer's condition.
public struct PrinterStatus: Sendable, Hashable, Codable {
    public var state: PrinterState
    public var reasons: [PrinterReason]
    public var checkedAt: Date?
    /// Free text from the device or transport, for people.
    public var detail: String?

    public init(state: PrinterState, reasons: [PrinterReason] = [], checkedAt: Date? = nil, detail: String? = nil) {
        self.state = state
        self.reasons = reasons
        self.checkedAt = checkedAt
        self.detail = detail
    }

    public static let unknown = PrinterStatus(state: .unknown)
    public static let ready = PrinterStatus(state: .ready)
    public static func offline(_ detail: String? = nil) -> PrinterStatus {
        PrinterStatus(state: .offline, reasons: [.offline], detail: detail)
    }

    /// The reason a job must wait on this printer, or `nil` when labels may be sent.
    /// Ordered so that the most actionable reason for an operator wins.
    public var waitingReason: WaitingReason? {
        if reasons.contains(.cupsUnavailable) { return .cupsUnavailable }
        if state == .offline { return .printerOffline }
        let order: [(PrinterReason, WaitingReason)] = [
            (.paperOut, .paperOut), (.ribbonOut, .ribbonOut), (.headOpen, .headOpen),
            (.queueStopped, .paused), (.paused, .paused), (.notAcceptingJobs, .paused),
        ]
        for (reason, waiting) in order where reasons.contains(reason) { return waiting }
        if state == .error { return .printerError }
        return nil
    }
}
