import Foundation

/// What a transport's confirmation of a label means.
public enum Confirmation: String, Sendable, Codable {
    /// The printer itself says the label left the print head (raw 9100 and USB with `~HS`, the simulator).
    case printed
    /// The label was handed to the next system (a CUPS job `completed`, or a USB printer without a back channel).
    case delivered
}

/// One rendered label ready for the printer: one `^XA…^XZ` format.
public struct LabelDocument: Sendable, Hashable {
    /// The label's number in its job, 1…N.
    public var number: Int
    public var zpl: [UInt8]

    public init(number: Int, zpl: [UInt8]) {
        self.number = number
        self.zpl = zpl
    }
}

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

/// The way labels reach one printer. One instance drives one printer for one connection's life;
/// the engine makes a new one through ``TransportRegistry`` when it (re)connects.
///
/// The engine calls `open`, then `send` and `progress` in turns from one task, then `close`.
public protocol Transport: Sendable {
    /// What a confirmation from ``progress()`` means.
    var confirmation: Confirmation { get }

    /// Connects to the printer, waiting until formats left in its buffer from an earlier
    /// connection have printed, so that counting starts from zero. Throws ``TransportError``.
    func open() async throws

    /// Sends one label. Returns once the bytes are handed to the device (not printed).
    func send(_ label: LabelDocument) async throws

    /// Asks the printer for its status and how many of the labels sent on this connection are confirmed.
    func progress() async throws -> TransportProgress

    /// Asks the printer's status, with or without an open connection.
    func status() async throws -> PrinterStatus

    /// Closes the connection. Labels already in the printer's buffer are not cancelled.
    func close() async
}
