import Foundation

/// What a Zebra said about itself: the `~HS` answer, or `~HQES` when `~HS` went unanswered (a Zebra does not
/// answer `~HS` while media or ribbon is out or the head is open).
public enum ZPLStatusReading: Sendable {
    case host(HostStatus)
    case extended(ExtendedStatus)

    public var printerStatus: PrinterStatus {
        switch self {
        case .host(let status): status.printerStatus
        case .extended(let status): status.printerStatus
        }
    }

    /// Reads the printer's status with `read` until the formats an earlier connection left in its buffer have
    /// printed, so that counting on a new connection starts at zero. Throws ``TransportError``: `.condition` when
    /// the printer cannot print, `.timeout` when it does not drain within `timeout` or answers only `~HQES`.
    public static func waitUntilDrained(
        printer: String, timeout: Duration, pollInterval: Duration, clock: any GatewayClock,
        isolation: isolated (any Actor)? = #isolation,
        read: () async throws -> ZPLStatusReading, waiting: (HostStatus) -> Void = { _ in }
    ) async throws {
        let deadline = clock.now.addingTimeInterval(timeout.timeInterval)
        while true {
            let reading = try await read()
            var status = reading.printerStatus
            status.checkedAt = clock.now
            if status.state == .error {
                throw TransportError(
                    .condition, "\(printer) cannot print: \(status.reasons.map(\.rawValue).joined(separator: ", "))",
                    status: status)
            }
            guard case .host(let hostStatus) = reading else {
                throw TransportError(.timeout, "\(printer) answers ~HQES without errors but not ~HS")
            }
            if hostStatus.isDrained { return }
            if clock.now >= deadline {
                throw TransportError(
                    .timeout,
                    "\(printer) still holds \(hostStatus.formatsInReceiveBuffer) formats from an earlier connection "
                        + "after \(timeout.secondsText)")
            }
            waiting(hostStatus)
            try await clock.sleep(for: pollInterval)
        }
    }
}

extension Duration {
    /// `5 s`, `1.5 s`: for messages.
    public var secondsText: String {
        let seconds = timeInterval
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
