import Foundation

/// The answer to a progress poll.
public struct TransportProgress: Sendable, Hashable {
    /// How many labels sent since ``Transport/open()`` are confirmed, in order. Never goes down.
    public var confirmed: Int
    public var status: PrinterStatus

    public init(confirmed: Int, status: PrinterStatus) {
        self.confirmed = confirmed
        self.status = status
    }
}
