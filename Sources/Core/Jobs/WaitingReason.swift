/// Why a queued job is not printing right now. Waiting never uses up an attempt, except `retry_backoff`
/// which follows one.
public enum WaitingReason: String, Sendable, Codable, CaseIterable {
    case printerOffline = "printer_offline"
    case paperOut = "paper_out"
    case headOpen = "head_open"
    case ribbonOut = "ribbon_out"
    case paused = "paused"
    case printerDisabled = "printer_disabled"
    case retryBackoff = "retry_backoff"
    /// The printer reports a fault other than the ones above (over-temperature, cutter fault…).
    case printerError = "printer_error"
    case noGatewayForSite = "no_gateway_for_site"
    /// The printer's CUPS server does not answer (cupsd stopped or crashed): the server, not the printer, needs
    /// looking at.
    case cupsUnavailable = "cups_unavailable"
    /// Held through the API (`POST /v1/jobs/{id}/hold`) until released.
    case held
}

extension WaitingReason {
    /// True when a job with `status` and `reason` is the one its printer's process runs (printing, or waiting for the
    /// printer or a retry inside its run), so that it may have labels on the printer; false for a job that waits in
    /// the queue.
    public static func isDriven(status: JobStatus, reason: WaitingReason?) -> Bool {
        switch (status, reason) {
        case (.printing, _): true
        case (.queued, let reason?):
            ![.held, .paused, .printerDisabled, .noGatewayForSite].contains(reason)
        default: false
        }
    }
}
