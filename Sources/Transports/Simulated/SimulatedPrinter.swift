import Core
import Foundation

/// A deterministic model of a Zebra Z230 (300 dpi): it parses the ZPL stream as the printer does, buffers
/// formats, prints them one at a time at its speed, answers `~HS`, `~HQES` and `~HI`, and misbehaves on script.
///
/// The model has no task of its own: whenever it is touched it catches up with its clock, so a test that
/// moves a ``VirtualClock`` by six hours sees six hours of printing at once.
public actor SimulatedPrinter {
    public nonisolated let configuration: Configuration
    let clock: any GatewayClock
    let startedAt: Date
    let sink: LabelRecordSink?

    // The byte stream, per connection.
    private var parsers: [ConnectionID: ZPLStreamParser] = [:]
    private var nextConnection = 1
    var statistics: [ConnectionID: ConnectionStatistics] = [:]
    private var resetConnections: Set<ConnectionID> = []

    // The print engine.
    var buffer: [QueuedFormat] = []
    /// The format being printed and how many of its copies are still to print.
    var current: (format: QueuedFormat, remaining: Int)? = nil
    /// When the label now under the head started, if one is printing.
    var labelStartedAt: Date? = nil
    /// The moment up to which the model has been advanced.
    var cursor: Date
    var media: Int
    var paperOut = false
    var headOpen = false
    var ribbonOut = false
    var paused = false
    var lastLabelDots: Int
    var records: [PrintedLabel] = []
    var commands: [ControlCommand] = []

    var faults = FaultScript()

    public init(configuration: Configuration, clock: any GatewayClock) {
        self.configuration = configuration
        self.clock = clock
        let now = clock.now
        self.startedAt = now
        self.cursor = now
        self.media = max(0, configuration.media)
        self.lastLabelDots = configuration.defaultLabelDots
        self.sink = configuration.recordPath.map {
            LabelRecordSink(path: $0, printer: configuration.name)
        }
        var faults = FaultScript()
        for fault in configuration.faults { faults.arm(fault, at: now, labelsPrinted: 0) }
        self.faults = faults
    }

    public nonisolated var name: String { configuration.name }

    /// Opens a connection: its bytes are parsed apart from other connections' and counted on their own.
    public func connect() -> ConnectionID {
        advance()
        let id = ConnectionID(nextConnection)
        nextConnection += 1
        parsers[id] = ZPLStreamParser()
        statistics[id] = ConnectionStatistics()
        return id
    }

    /// Closes a connection; a format it left half-sent is thrown away.
    public func disconnect(_ connection: ConnectionID) {
        advance()
        if parsers[connection]?.hasPartialFormat == true {
            statistics[connection, default: .init()].partialFormatsDiscarded += 1
        }
        parsers[connection] = nil
    }

    /// Takes bytes from a connection and returns the bytes to answer (status answers), possibly none.
    public func receive(_ bytes: [UInt8], connection: ConnectionID) -> [UInt8] {
        consume(bytes, connection: connection).answer
    }

    /// Takes bytes from a connection; the result also says whether a `reset@K` fault broke the connection.
    public func consume(_ bytes: [UInt8], connection: ConnectionID) -> Reception {
        advance()
        if resetConnections.contains(connection) { return Reception(answer: [], connectionReset: true) }
        var accepted = bytes[...]
        var reset = false
        if let limit = faults.pendingResets.first, !bytes.isEmpty {
            let left = limit - faults.bytesTowardReset
            if bytes.count >= left {
                accepted = bytes.prefix(left)
                reset = true
            } else {
                faults.bytesTowardReset += bytes.count
            }
        }
        if parsers[connection] == nil { parsers[connection] = ZPLStreamParser() }
        statistics[connection, default: .init()].bytesReceived += accepted.count
        var answer: [UInt8] = []
        for byte in accepted {
            guard let event = parsers[connection, default: ZPLStreamParser()].feed(byte) else { continue }
            handle(event, from: connection, answer: &answer)
        }
        if reset {
            faults.pendingResets.removeFirst()
            faults.bytesTowardReset = 0
            resetConnections.insert(connection)
            disconnect(connection)
        }
        return Reception(answer: answer, connectionReset: reset)
    }

    private func handle(
        _ event: ZPLStreamParser.Event, from connection: ConnectionID, answer: inout [UInt8]
    ) {
        switch event {
        case .format(let bytes):
            let format = QueuedFormat(
                bytes: bytes, connection: connection, defaultLabelDots: configuration.defaultLabelDots)
            buffer.append(format)
            lastLabelDots = format.labelDots
            statistics[connection, default: .init()].formatsReceived += 1
            advance()
        case .control(let name):
            commands.append(ControlCommand(name: name, connection: connection, receivedAt: clock.now))
            switch name {
            case "HS": answer += hostStatusAnswer()
            case "HQES": answer += extendedStatusAnswer()
            case "HI": answer += identificationAnswer()
            case "JA": cancelAll()
            case "PP": paused = true
            case "PS": paused = false
            default: break
            }
            advance()
        }
    }

    /// True while any connection has a format begun and not ended.
    var hasPartialFormat: Bool { parsers.values.contains { $0.hasPartialFormat } }

    /// Every control command received so far, in order.
    public var controlCommands: [ControlCommand] { commands }

    /// Every label printed so far, in order.
    public var printedLabels: [PrintedLabel] {
        advance()
        return records
    }

    /// What one connection sent and what of it has printed.
    public func statistics(for connection: ConnectionID) -> ConnectionStatistics {
        advance()
        return statistics[connection] ?? ConnectionStatistics()
    }

    /// True when a `reset@K` fault has broken this connection.
    public func isReset(_ connection: ConnectionID) -> Bool { resetConnections.contains(connection) }

    /// The printer's condition now.
    public func snapshot() -> Snapshot {
        advance()
        return Snapshot(
            paperOut: paperOut, headOpen: headOpen, ribbonOut: ribbonOut, paused: paused,
            formatsInBuffer: buffer.count, labelsRemainingInBatch: current?.remaining ?? 0,
            partialFormat: hasPartialFormat, labelsPrinted: records.count, mediaRemaining: media,
            silent: isSilent, garbled: faults.garbled, blackhole: faults.blackhole,
            refusingConnections: isRefusing(at: clock.now))
    }

    /// True while a `refuse` fault turns connections away.
    public var isRefusingConnections: Bool {
        advance()
        return isRefusing(at: clock.now)
    }

    var isSilent: Bool { faults.isSilent(labelsPrinted: records.count) }

    func isRefusing(at date: Date) -> Bool { faults.isRefusing(at: date) }
}
