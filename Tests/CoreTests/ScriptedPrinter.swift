import Core
import Foundation
import Logging

/// A printer whose behaviour a test scripts, on the test's virtual clock: how many labels each status poll finds
/// printed, when its paper runs out, until when it cannot be reached, which connections break. It records what
/// reached it and what it printed.
actor ScriptedPrinter {
    let clock: VirtualClock

    /// Labels printed at each status poll; 0 holds them (a printer that takes data and never prints).
    var printsPerPoll = Int.max
    /// Connections are refused before this time.
    var unreachableUntil: Date?
    /// The paper runs out when this label (counted over the printer's life, from 1) is about to print.
    var paperOutAt: Int?
    /// The first `breakingConnections` connections break when a label is sent after `breakAfterSends` were taken.
    var breakAfterSends = 0
    var breakingConnections = 0
    /// Runs once, right after the label with this number (in its job) is taken.
    var onReceive: [Int: @Sendable () async -> Void] = [:]
    /// Whether it clears its buffer on `~JA` (a two-way ZPL printer) or cannot be asked to (CUPS).
    var canCancel = false

    /// Every label taken, on any connection, in order: their numbers and ZPL.
    private(set) var received: [LabelDocument] = []
    /// The numbers of the labels that left the print head, in order.
    private(set) var printed: [Int] = []
    /// What happened, in order: `+ZPL` for a label taken, `=ZPL` for one printed.
    private(set) var history: [String] = []
    /// When each connection was opened.
    private(set) var opens: [Date] = []
    /// The most labels ever held unprinted on one connection at the moment one more was taken.
    private(set) var mostUnprinted = 0
    private(set) var isPaperOut = false

    private var connection: Connection?
    private var connections = 0

    private struct Connection {
        var buffer: [LabelDocument] = []
        var sent = 0
        var confirmed = 0
    }

    init(clock: VirtualClock) { self.clock = clock }

    func script(_ change: @Sendable (isolated ScriptedPrinter) -> Void) { change(self) }

    func loadPaper() { isPaperOut = false }

    var receivedNumbers: [Int] { received.map(\.number) }

    // MARK: The transport's side

    func open() throws {
        opens.append(clock.now)
        if let until = unreachableUntil, clock.now < until {
            throw TransportError(.unreachable, "connection refused", status: .offline("connection refused"))
        }
        connections += 1
        connection = Connection()
    }

    func receive(_ label: LabelDocument) async throws {
        guard var current = connection else { throw TransportError(.connectionLost, "not connected") }
        if connections <= breakingConnections, current.sent >= breakAfterSends {
            close()
            throw TransportError(.connectionLost, "connection reset by peer")
        }
        current.buffer.append(label)
        current.sent += 1
        connection = current
        received.append(label)
        history.append("+" + String(decoding: label.zpl, as: UTF8.self))
        mostUnprinted = max(mostUnprinted, current.buffer.count)
        if let hook = onReceive.removeValue(forKey: label.number) { await hook() }
    }

    func poll() throws -> TransportProgress {
        guard connection != nil else { throw TransportError(.connectionLost, "not connected") }
        var budget = printsPerPoll
        while budget > 0, printNext() { budget -= 1 }
        return TransportProgress(confirmed: connection?.confirmed ?? 0, status: currentStatus)
    }

    var currentStatus: PrinterStatus {
        if let until = unreachableUntil, clock.now < until { return .offline("connection refused") }
        return isPaperOut ? PrinterStatus(state: .error, reasons: [.paperOut], detail: "paper out") : .ready
    }

    /// `~JA`: the labels not yet printed are dropped; returns the connection's confirmed count.
    func cancelBuffered() throws -> TransportProgress {
        guard var current = connection else { throw TransportError(.connectionLost, "not connected") }
        cancelled += current.buffer.map(\.number)
        current.buffer.removeAll()
        connection = current
        return TransportProgress(confirmed: current.confirmed, status: currentStatus)
    }

    /// The numbers of the labels dropped by ``cancelBuffered()``, in order.
    private(set) var cancelled: [Int] = []

    /// Labels in the buffer still print after the connection closes, as on a real printer (unless it holds them).
    func close() {
        if printsPerPoll > 0 { while printNext() {} }
        connection = nil
    }

    private func printNext() -> Bool {
        guard !isPaperOut, var current = connection, !current.buffer.isEmpty else { return false }
        if paperOutAt == printed.count + 1 {
            paperOutAt = nil
            isPaperOut = true
            return false
        }
        let label = current.buffer.removeFirst()
        printed.append(label.number)
        history.append("=" + String(decoding: label.zpl, as: UTF8.self))
        current.confirmed += 1
        connection = current
        return true
    }
}

/// The transport of `script://NAME` printers: one connection to a ``ScriptedPrinter``.
struct ScriptedTransport: Transport {
    let printer: ScriptedPrinter
    var confirmation: Confirmation { .printed }
    func open() async throws { try await printer.open() }
    func send(_ label: LabelDocument) async throws { try await printer.receive(label) }
    func progress() async throws -> TransportProgress { try await printer.poll() }
    func status() async throws -> PrinterStatus { await printer.currentStatus }
    func cancelBuffered() async throws -> TransportProgress? {
        guard await printer.canCancel else { return nil }
        return try await printer.cancelBuffered()
    }
    func close() async { await printer.close() }
}

struct ScriptedTransportFactory: TransportFactory {
    let printers: [String: ScriptedPrinter]
    var schemes: [String] { ["script"] }

    func validate(_ uri: PrinterURI) throws(PrinterURIError) {
        guard printers[uri.host] != nil else { throw PrinterURIError("no scripted printer '\(uri.host)'") }
    }

    func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
        guard let printer = printers[uri.host] else {
            throw TransportError(.unreachable, "no scripted printer '\(uri.host)'")
        }
        return ScriptedTransport(printer: printer)
    }
}
