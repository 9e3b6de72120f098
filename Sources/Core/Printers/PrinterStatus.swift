import Foundation

/// The printer's overall state, as the API reports it.
public enum PrinterState: String, Sendable, Codable, CaseIterable {
    case ready
    case offline
    case error
    case unknown
}

/// Why a printer is not ready. Modelled on IPP `printer-state-reasons`.
public enum PrinterReason: String, Sendable, Codable, CaseIterable {
    case offline = "offline"
    case paperOut = "paper_out"
    case ribbonOut = "ribbon_out"
    case headOpen = "head_open"
    case paused = "paused"
    case headOverTemperature = "head_over_temperature"
    case motorOverTemperature = "motor_over_temperature"
    case headUnderTemperature = "head_under_temperature"
    case cutterFault = "cutter_fault"
    case headElementBad = "head_element_bad"
    case bufferFull = "buffer_full"
    case corruptRAM = "corrupt_ram"
    case queueStopped = "queue_stopped"
    case notAcceptingJobs = "not_accepting_jobs"
    /// No live gateway process drives this printer's site.
    case noGatewayForSite = "no_gateway_for_site"
    /// The CUPS server in front of the printer does not answer (with `offline`: the printer cannot be reached).
    case cupsUnavailable = "cups_unavailable"
    case other = "other"
}

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
