import Core
import Foundation
import Logging
import Testing
import TransportSimulated

@Suite("The sim:// transport")
struct SimulatedTransportTests {
    let clock = VirtualClock()
    let factory: SimulatedTransportFactory
    let registry: TransportRegistry
    let logger = Logger(label: "test")

    init() {
        factory = SimulatedTransportFactory(clock: clock)
        registry = TransportRegistry([factory])
    }

    func transport(_ uri: String) throws -> any Transport {
        try registry.makeTransport(uri: uri, model: .zebraZ230_300dpi, logger: logger)
    }

    func document(_ number: Int) -> LabelDocument {
        LabelDocument(number: number, zpl: zpl(label("N\(number)")))
    }

    @Test func validatesOptionsAndFaults() throws {
        try registry.validate(
            "sim://line1?media=500&speed_ips=6&fault=paper_out@57&fault=refuse=10&label_dots=1200")
        #expect(throws: PrinterURIError.self) { try registry.validate("sim://line1?colour=red") }
        #expect(throws: PrinterURIError.self) {
            try registry.validate("sim://line1?fault=paper_out@zero")
        }
        #expect(throws: PrinterURIError.self) { try registry.validate("sim://line1?media=-3") }
        #expect(throws: PrinterURIError.self) { try registry.validate("sim://line1?speed_ips=0") }
        let unknown = #expect(throws: PrinterURIError.self) { try registry.validate("sim://line1?colour=red") }
        #expect(unknown?.message.contains("unknown option 'colour'") == true, "\(String(describing: unknown))")
        #expect(throws: TransportError.self) { try transport("sim://line1?fault=smoke") }
    }

    @Test func printsAndConfirmsExactly() async throws {
        let transport = try transport("sim://line1?media=500&speed_ips=6&label_dots=1200")
        #expect(transport.confirmation == .printed)
        let printer = try #require(factory.printer(named: "line1"))
        #expect(printer.configuration.media == 500)
        try await transport.open()
        for number in 1...5 { try await transport.send(document(number)) }
        var progress = try await transport.progress()
        #expect(progress.confirmed == 0)
        #expect(progress.status.state == .ready)
        clock.advance(seconds: 2 * labelSeconds + 0.01)
        progress = try await transport.progress()
        #expect(progress.confirmed == 2)
        clock.advance(seconds: 10)
        #expect(try await transport.progress().confirmed == 5)
        await transport.close()
        #expect(await printer.printedLabels.map(\.text) == (1...5).map { label("N\($0)") })
        #expect(factory.printer(named: "line1") === printer)
    }

    @Test func paperOutIsAConditionAndOpenWaitsForAnEarlierConnectionToDrain() async throws {
        let first = try transport("sim://line2?fault=paper_out@3")
        try await first.open()
        for number in 1...4 { try await first.send(document(number)) }
        clock.advance(seconds: 60)
        let progress = try await first.progress()
        #expect(progress.confirmed == 2)
        #expect(progress.status.state == .error)
        #expect(progress.status.reasons == [.paperOut])
        #expect(progress.status.waitingReason == .paperOut)
        await first.close()

        let second = try transport("sim://line2")
        do {
            try await second.open()
            Issue.record("open should fail while formats cannot print")
        } catch let error as TransportError {
            #expect(error.code == .condition)
            #expect(error.status?.reasons == [.paperOut])
        }
        let printer = try #require(factory.printer(named: "line2"))
        await printer.loadMedia(100)
        let before = clock.now
        try await second.open()
        // open() polled the clock until the two earlier labels had printed.
        #expect(clock.now.timeIntervalSince(before) >= 2 * labelSeconds - 0.3)
        #expect(await printer.snapshot().isDrained)
        try await second.send(document(1))
        clock.advance(seconds: 1)
        #expect(try await second.progress().confirmed == 1)
    }

    @Test func refusalIsUnreachable() async throws {
        let transport = try transport("sim://line3?fault=refuse=30")
        do {
            try await transport.open()
            Issue.record("open should be refused")
        } catch let error as TransportError {
            #expect(error.code == .unreachable)
            #expect(error.isWaitCondition)
        }
        clock.advance(seconds: 31)
        try await transport.open()
    }

    @Test func silentTimesOutAndGarbledIsAProtocolError() async throws {
        let silent = try transport("sim://line4?fault=silent@1")
        try await silent.open()
        try await silent.send(document(1))
        clock.advance(seconds: 5)
        await #expect(throws: TransportError.self) { try await silent.progress() }
        let timeout = await #expect(throws: TransportError.self) { _ = try await silent.status() }
        #expect(timeout?.code == .timeout)

        let garbled = try transport("sim://line5?fault=garbled")
        let garbage = await #expect(throws: TransportError.self) { _ = try await garbled.status() }
        #expect(garbage?.code == .protocolError)
    }

    @Test func resetLosesTheConnection() async throws {
        let transport = try transport("sim://line6?fault=reset@100")
        try await transport.open()
        do {
            for number in 1...10 { try await transport.send(document(number)) }
            Issue.record("send should fail once the reset strikes")
        } catch let error as TransportError {
            #expect(error.code == .connectionLost)
        }
        await #expect(throws: TransportError.self) { try await transport.progress() }
        try await transport.open()
        try await transport.send(document(11))
    }

    @Test func blackholeOpenGivesUpWhenNothingDrains() async throws {
        let first = try transport("sim://line7?fault=blackhole")
        try await first.open()
        try await first.send(document(1))
        #expect(try await first.progress().confirmed == 0)
        await first.close()
        let second = try transport("sim://line7")
        do {
            try await second.open()
            Issue.record("open should time out")
        } catch let error as TransportError {
            #expect(error.code == .timeout)
        }
    }
}
