import Core
import Synchronization

/// A printer behind an in-memory byte channel, for the ZPL driver's tests: it answers `~HS` and `~HQES` from the
/// state a test sets, counts the labels written, and can stall, break, fall silent or be out of reach. It counts
/// the channel operations running at once, so a test can see whether two questions overlapped.
final class MemoryPrinter: Sendable {
    struct State {
        var formatsBuffered = 0
        var labelsRemainingInBatch = 0
        /// Formats printed after each answered `~HS` (a printer draining while it is polled).
        var printedPerQuestion = 0
        var paperOut = false
        var silent = false
        var answer: [UInt8]? = nil
        var hasBackChannel = true
        var reachable = true
        var stalled = false
        var broken = false
        /// How long each channel operation takes.
        var latency: Duration = .zero
        var inbound: [UInt8] = []
        var commands: [String] = []
        var labels = 0
        /// Writes that carried labels.
        var writes = 0
        var opened = 0
        var closed = 0
        var running = 0
        var mostRunning = 0
    }

    private let state = Mutex(State())

    func change(_ change: (inout State) -> Void) { state.withLock { change(&$0) } }
    func value<Value>(_ read: (State) -> Value) -> Value { state.withLock { read($0) } }

    var commands: [String] { value(\.commands) }

    /// Runs one channel operation, counting how many run at once.
    func operation<Value>(_ body: () throws(MemoryChannel.Failure) -> Value) async throws(MemoryChannel.Failure)
        -> Value
    {
        let latency = state.withLock { state in
            state.running += 1
            state.mostRunning = max(state.mostRunning, state.running)
            return state.latency
        }
        defer { state.withLock { $0.running -= 1 } }
        if latency > .zero { try? await Task.sleep(for: latency) }
        return try body()
    }

    func receive(_ bytes: [UInt8], timeout: Duration) throws(MemoryChannel.Failure) {
        try state.withLock { (state) throws(MemoryChannel.Failure) in
            if state.broken { throw .broken }
            if state.stalled { throw .timedOut(timeout) }
            var text = String(decoding: bytes, as: UTF8.self)
            // Labels first, then a question when one travels with them.
            let question = text.firstIndex(of: "~").map { String(text[$0...]) }
            if let question { text.removeLast(question.count) }
            if !text.isEmpty {
                let formats = text.components(separatedBy: "^XZ").count - 1
                state.labels += formats
                state.formatsBuffered += formats
                state.writes += 1
            }
            guard let text = question else { return }
            state.commands.append(text)
            state.inbound += Self.answer(to: text, &state)
        }
    }

    /// What arrived; empty when nothing is there (the caller then waits out its timeout).
    func take() throws(MemoryChannel.Failure) -> [UInt8] {
        try state.withLock { (state) throws(MemoryChannel.Failure) in
            if state.broken { throw .broken }
            defer { state.inbound = [] }
            return state.inbound
        }
    }

    private static func answer(to command: String, _ state: inout State) -> [UInt8] {
        if state.silent { return [] }
        if let answer = state.answer { return answer }
        switch command {
        case "~HS":
            if state.paperOut { return [] }
            var status = HostStatus()
            status.formatsInReceiveBuffer = state.formatsBuffered
            status.labelsRemainingInBatch = state.labelsRemainingInBatch
            state.formatsBuffered = max(0, state.formatsBuffered - state.printedPerQuestion)
            return status.encoded()
        case "~HQES":
            return ExtendedStatus(errors: state.paperOut ? .mediaOut : []).encoded()
        default:
            return []
        }
    }
}

/// A channel to a ``MemoryPrinter``.
struct MemoryChannel: ByteChannel {
    enum Failure: Error, Sendable {
        case timedOut(Duration)
        case broken
    }

    let printer: MemoryPrinter
    let canRead: Bool

    func write(_ bytes: [UInt8], timeout: Duration) async throws(Failure) {
        try await printer.operation { () throws(Failure) in try printer.receive(bytes, timeout: timeout) }
    }

    func read(timeout: Duration) async throws(Failure) -> [UInt8] {
        let bytes = try await printer.operation { () throws(Failure) in try printer.take() }
        if !bytes.isEmpty { return bytes }
        try? await Task.sleep(for: timeout)
        return try await printer.operation { () throws(Failure) in try printer.take() }
    }

    func close() async {
        printer.change { $0.closed += 1 }
    }
}

/// The ``MemoryPrinter`` as a device: a new channel per connection, and words for its failures.
struct MemoryDevice: ZPLDevice {
    let printer: MemoryPrinter

    var name: String { "memory printer" }

    func connect() async throws(TransportError) -> MemoryChannel {
        let (reachable, canRead) = printer.value { ($0.reachable, $0.hasBackChannel) }
        guard reachable else { throw TransportError(.unreachable, "memory printer is switched off") }
        printer.change { $0.opened += 1 }
        return MemoryChannel(printer: printer, canRead: canRead)
    }

    func failure(_ failure: MemoryChannel.Failure, while activity: ZPLActivity) -> TransportError {
        let doing =
            switch activity {
            case .sending(let label): "sending label \(label.number)"
            case .asking(let command): "asking \(command)"
            }
        return switch failure {
        case .timedOut(let timeout): TransportError(.timeout, "\(name) took nothing for \(timeout) while \(doing)")
        case .broken: TransportError(.connectionLost, "\(name) broke while \(doing)")
        }
    }
}
