import Foundation

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
