import Foundation

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

    /// Sends labels in order, as one write where the transport can. Returns once the bytes are handed to the
    /// device; after a failure it is unknown how many arrived.
    func send(_ labels: [LabelDocument]) async throws

    /// Asks the printer for its status and how many of the labels sent on this connection are confirmed.
    func progress() async throws -> TransportProgress

    /// Sends `labels`, then asks as ``progress()`` does; a transport that can sends the question with the labels.
    func progress(afterSending labels: [LabelDocument]) async throws -> TransportProgress

    /// Asks the printer's status, with or without an open connection.
    func status() async throws -> PrinterStatus

    /// Clears the labels the printer holds and has not begun (`~JA` on a two-way ZPL channel) and returns the
    /// progress after it: the label under the print head still prints and counts, the cleared ones never will.
    /// Nil when the transport cannot (CUPS, a channel without answers): the labels sent still print.
    func cancelBuffered() async throws -> TransportProgress?

    /// Closes the connection. Labels already in the printer's buffer are not cancelled.
    func close() async
}

extension Transport {
    /// Cannot clear the printer's buffer.
    public func cancelBuffered() async throws -> TransportProgress? { nil }

    /// One label after the other.
    public func send(_ labels: [LabelDocument]) async throws {
        for label in labels { try await send(label) }
    }

    public func progress(afterSending labels: [LabelDocument]) async throws -> TransportProgress {
        try await send(labels)
        return try await progress()
    }
}
