import Foundation

/// A worker's connection to its printer, kept from one job to the next so that the job boundary costs neither a
/// reconnection nor an idle printer. It counts the labels sent and confirmed on the connection, whatever job they
/// belong to, and learns the printer's pace.
struct PrinterLink: Sendable {
    /// The open transport, nil while none is open.
    private(set) var transport: (any Transport)?
    /// The printer URI the transport was made for; a changed URI opens a new one.
    private(set) var uri: String?
    /// Labels sent since the transport opened, of every job.
    private(set) var sent = 0
    /// Of those, confirmed by the printer, in order.
    private(set) var confirmed = 0
    /// Openings so far, to count reconnections.
    private(set) var openings = 0
    /// The printer's pace, kept across connections and jobs.
    var pace = PrintPace()
    /// Since when the printer has held labels without a confirmation: the start of the next pace measurement.
    private var busySince: Date?

    /// Labels on the printer not yet confirmed.
    var inFlight: Int { sent - confirmed }

    /// Opens a transport for `uri` unless one is open for it already. Returns true when it opened a new one.
    mutating func open(uri: String, make: () throws -> any Transport) async throws -> Bool {
        if transport != nil, self.uri == uri { return false }
        await close()
        let connection = try make()
        transport = connection
        try await connection.open()
        self.uri = uri
        openings += 1
        return true
    }

    /// Sends `labels` (the status question with them, where the transport can), then asks the printer for its
    /// progress; returns it with how many labels it newly confirmed. The printer is busy from the send when it held
    /// nothing.
    mutating func progress(afterSending labels: [LabelDocument], clock: some GatewayClock) async throws
        -> (TransportProgress, newly: Int)
    {
        guard let transport else { throw TransportError(.connectionLost, "no open connection") }
        if inFlight == 0, !labels.isEmpty { busySince = clock.now }
        sent += labels.count
        let progress = try await transport.progress(afterSending: labels)
        let now = clock.now
        let newly = min(sent, progress.confirmed) - confirmed
        guard newly > 0 else { return (progress, 0) }
        confirmed += newly
        if let busySince { pace.observe(confirmed: newly, after: now.timeIntervalSince(busySince)) }
        busySince = inFlight > 0 ? now : nil
        return (progress, newly)
    }

    /// Clears the labels the printer holds and has not begun, where the transport can (``Transport/cancelBuffered()``):
    /// those the printer says it printed are confirmed, the others are no longer on it. False when it cannot, or
    /// nothing is in flight.
    mutating func cancelBuffered() async throws -> Bool {
        guard let transport, inFlight > 0, let progress = try await transport.cancelBuffered() else { return false }
        confirmed = max(confirmed, min(sent, progress.confirmed))
        sent = confirmed
        busySince = nil
        return true
    }

    /// The printer stopped (paper out, head open, offline): the time until it prints again says nothing about its
    /// pace.
    mutating func printerStopped() { busySince = nil }

    /// Closes the transport; labels in the printer's buffer still print.
    mutating func close() async {
        await transport?.close()
        transport = nil
        uri = nil
        sent = 0
        confirmed = 0
        busySince = nil
    }
}
