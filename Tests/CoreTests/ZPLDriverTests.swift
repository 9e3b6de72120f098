import Core
import Logging
import Testing

/// The ZPL driver's rules over an in-memory channel: no socket, no USB, drain polls in virtual time.
@Suite("ZPL driver over an in-memory channel")
struct ZPLDriverTests {
    static let configuration = ZPLDriverConfiguration(
        writeTimeout: .milliseconds(250), statusTimeout: .milliseconds(60), drainTimeout: .seconds(5),
        drainPollInterval: .milliseconds(500))

    static func driver(
        _ printer: MemoryPrinter, clock: VirtualClock = VirtualClock(),
        configuration: ZPLDriverConfiguration = configuration
    ) -> ZPLDriver<MemoryDevice> {
        var logger = Logger(label: "zpl-driver-tests")
        logger.logLevel = .critical
        return ZPLDriver(
            device: MemoryDevice(printer: printer), configuration: configuration, clock: clock, logger: logger)
    }

    static func label(_ number: Int) -> LabelDocument {
        LabelDocument(number: number, zpl: Array("^XA^FDLabel \(number)^FS^XZ".utf8))
    }

    @Test("printed = sent − buffered − 1 while a batch runs; never more than sent, never going down")
    func counting() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        for number in 1...5 { try await driver.send([Self.label(number)]) }
        #expect(printer.value(\.labels) == 5)

        printer.change {
            $0.formatsBuffered = 2
            $0.labelsRemainingInBatch = 1
        }
        let first = try await driver.progress()
        #expect(first.confirmed == 2)
        #expect(first.status.state == .ready)

        printer.change {
            $0.formatsBuffered = 4
            $0.labelsRemainingInBatch = 0
        }
        #expect(try await driver.progress().confirmed == 2, "a count seen once does not go down")

        printer.change { $0.formatsBuffered = 0 }
        #expect(try await driver.progress().confirmed == 5)
        #expect(try await driver.statusOfOpenChannel()?.state == .ready)
        #expect(try await driver.progress().confirmed == 5, "a status question does not move the count")
    }

    @Test("labels sent together go out in one write, in order, and each counts")
    func batchedWrite() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        try await driver.send((1...6).map(Self.label))
        #expect(printer.value(\.writes) == 1)
        #expect(printer.value(\.labels) == 6)
        printer.change { $0.formatsBuffered = 1 }
        #expect(try await driver.progress().confirmed == 5)
        try await driver.send([])
        #expect(printer.value(\.writes) == 1, "nothing to send writes nothing")

        printer.change { $0.formatsBuffered = 0 }
        let progress = try await driver.progress(afterSending: [Self.label(7), Self.label(8)])
        #expect(printer.value(\.writes) == 2, "the labels and the question in one write")
        #expect(printer.value(\.labels) == 8)
        #expect(printer.commands.last == "~HS")
        #expect(progress.confirmed == 6, "8 sent, 2 in the buffer")
    }

    @Test("a silent ~HS is followed by ~HQES, whose status is reported without moving the count")
    func silentHostStatus() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        for number in 1...3 { try await driver.send([Self.label(number)]) }
        printer.change { $0.formatsBuffered = 2 }
        #expect(try await driver.progress().confirmed == 1)

        printer.change {
            $0.paperOut = true
            $0.formatsBuffered = 0
        }
        let stopped = try await driver.progress()
        #expect(stopped.status.state == .error)
        #expect(stopped.status.reasons == [.paperOut])
        #expect(stopped.status.detail == "no answer to ~HS; status from ~HQES")
        #expect(stopped.confirmed == 1, "~HQES says nothing about the count")
        #expect(printer.commands.suffix(2) == ["~HS", "~HQES"])

        printer.change { $0.silent = true }
        let error = await #expect(throws: TransportError.self) { try await driver.progress() }
        #expect(error?.code == .timeout)
        #expect(error?.message == "memory printer answered neither ~HS nor ~HQES within 0.06 s each")
    }

    @Test("open waits, polling ~HS on the driver's clock, until an earlier connection's formats have printed")
    func drainAtOpen() async throws {
        let printer = MemoryPrinter()
        printer.change {
            $0.formatsBuffered = 3
            $0.printedPerQuestion = 1
        }
        let clock = VirtualClock()
        let start = clock.now
        let driver = Self.driver(printer, clock: clock)
        try await driver.open()
        #expect(printer.commands == ["~HS", "~HS", "~HS", "~HS"], "answers with 3, 2, 1, then 0 formats")
        #expect(clock.now.timeIntervalSince(start) == 1.5, "three pauses of 0.5 s")

        try await driver.send([Self.label(1)])
        printer.change { $0.formatsBuffered = 0 }
        #expect(try await driver.progress().confirmed == 1, "counting starts at zero after the drain")
    }

    @Test("a printer that never drains makes open time out, and the channel is closed")
    func drainTimeout() async throws {
        let printer = MemoryPrinter()
        printer.change { $0.formatsBuffered = 3 }
        let driver = Self.driver(printer)
        let error = await #expect(throws: TransportError.self) { try await driver.open() }
        #expect(error?.code == .timeout)
        #expect(error?.message == "memory printer still holds 3 formats from an earlier connection after 5 s")
        #expect(printer.value(\.commands.count) == 11, "one poll at 0 s and one every 0.5 s until 5 s")
        #expect(printer.value(\.closed) == 1)
        #expect(await driver.openChannel == nil)

        printer.change { $0.paperOut = true }
        let condition = await #expect(throws: TransportError.self) { try await driver.open() }
        #expect(condition?.code == .condition)
        #expect(condition?.status?.waitingReason == .paperOut)
    }

    @Test("one question at a time: concurrent status questions never overlap on the channel")
    func oneQuestionAtATime() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        printer.change { $0.latency = .milliseconds(3) }
        let states = try await withThrowingTaskGroup(of: PrinterState?.self) { group in
            for _ in 0..<8 { group.addTask { try await driver.statusOfOpenChannel()?.state } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(states == Array(repeating: .ready, count: 8))
        #expect(printer.value(\.mostRunning) == 1, "a second question started before the first had its answer")
        #expect(printer.commands == Array(repeating: "~HS", count: 9), "no answer was taken for another's")
    }

    @Test("a write that times out: the driver's write timeout, the device's words, the channel closed")
    func writeTimeout() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        try await driver.send([Self.label(1)])
        printer.change { $0.stalled = true }
        let error = await #expect(throws: TransportError.self) { try await driver.send([Self.label(2)]) }
        #expect(error?.code == .timeout)
        #expect(error?.message == "memory printer took nothing for 0.25 seconds while sending label 2")
        #expect(printer.value(\.closed) == 1, "after a stalled write the counts no longer match")

        let closed = await #expect(throws: TransportError.self) { try await driver.send([Self.label(3)]) }
        #expect(closed?.code == .connectionLost)
        #expect(closed?.message == "no open connection to memory printer to send label 3")

        printer.change {
            $0.stalled = false
            $0.formatsBuffered = 0
        }
        try await driver.open()
        try await driver.send([Self.label(2)])
        printer.change { $0.formatsBuffered = 0 }
        #expect(try await driver.progress().confirmed == 1, "a new channel counts from zero")
    }

    @Test("a channel that breaks while asking: connectionLost in the device's words, then nothing is open")
    func brokenChannel() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        try await driver.send([Self.label(1)])
        printer.change { $0.broken = true }
        let error = await #expect(throws: TransportError.self) { try await driver.progress() }
        #expect(error?.code == .connectionLost)
        #expect(error?.message == "memory printer broke while asking ~HS")
        #expect(printer.value(\.closed) == 1)

        let again = await #expect(throws: TransportError.self) { try await driver.progress() }
        #expect(again?.message == "no open connection to memory printer")
        #expect(try await driver.statusOfOpenChannel() == nil)
        #expect(await driver.close() == false)
    }

    @Test("garbled and unreadable answers are protocol errors")
    func badAnswers() async throws {
        let printer = MemoryPrinter()
        let driver = Self.driver(printer)
        try await driver.open()
        printer.change { $0.answer = [ZPLFraming.stx] + Array("0?0,1,".utf8) }
        let garbled = await #expect(throws: TransportError.self) { try await driver.progress() }
        #expect(garbled?.code == .protocolError)
        #expect(garbled?.message == "memory printer answered ~HS with 7 bytes that are no status: '.0?0,1,'")

        printer.change { $0.answer = ZPLFraming.frame("1,2") + ZPLFraming.frame("3") + ZPLFraming.frame("4") }
        let unreadable = await #expect(throws: TransportError.self) { try await driver.progress() }
        #expect(unreadable?.code == .protocolError)
        #expect(unreadable?.message.hasPrefix("memory printer answered ~HS unreadably: ") == true)
    }

    @Test("without a back channel nothing is asked: labels count once written, the device says why")
    func noBackChannel() async throws {
        let printer = MemoryPrinter()
        printer.change {
            $0.hasBackChannel = false
            $0.formatsBuffered = 3
        }
        let driver = Self.driver(printer)
        try await driver.open()
        for number in 1...2 { try await driver.send([Self.label(number)]) }
        let progress = try await driver.progress()
        #expect(progress.confirmed == 2)
        #expect(progress.status.detail == MemoryDevice(printer: printer).statusWithoutBackChannel.detail)
        #expect(try await driver.statusOfOpenChannel()?.state == .unknown)
        #expect(printer.commands.isEmpty)
    }

    @Test("a status on a short channel: closed afterwards, offline when the printer cannot be reached")
    func shortChannel() async throws {
        let printer = MemoryPrinter()
        let clock = VirtualClock()
        let driver = Self.driver(printer, clock: clock)
        let ready = try await driver.statusOnShortChannel()
        #expect(ready.state == .ready)
        #expect(ready.checkedAt == clock.now)
        #expect(printer.value { ($0.opened, $0.closed) } == (1, 1))
        #expect(await driver.openChannel == nil, "the short channel is not the driver's")

        printer.change { $0.broken = true }
        #expect(try await driver.statusOnShortChannel().state == .offline, "a channel that breaks")
        printer.change { $0.reachable = false }
        let offline = try await driver.statusOnShortChannel()
        #expect(offline.state == .offline)
        #expect(offline.detail == "memory printer is switched off")
    }
}
