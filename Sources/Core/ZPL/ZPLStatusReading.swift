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
}

extension Duration {
    /// `5 s`, `1.5 s`: for messages.
    public var secondsText: String {
        let seconds = timeInterval
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
