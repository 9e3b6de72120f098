import Core
import Foundation
import Testing
import TransportRaw9100
import TransportSimulated

@Suite("Raw 9100 transport: printing and confirmation")
struct Raw9100TransportTests {
    @Test("a job sent within a window is confirmed in order, never ahead of the printer")
    func jobConfirmedInOrder() async throws {
        try await PrinterFixture.with { fixture in
            let transport = fixture.transport()
            #expect(transport.confirmation == .printed)
            try await transport.open()
            let total = 12
            let window = 4
            var sent = 0
            var confirmed = 0
            var polls = 0
            while confirmed < total && polls < 500 {
                while sent < total && sent - confirmed < window {
                    sent += 1
                    try await transport.send(testLabel(sent))
                }
                let progress = try await transport.progress()
                let printed = await fixture.printer.printedLabels.count
                #expect(progress.status.state == .ready)
                #expect(progress.confirmed <= printed)
                #expect(progress.confirmed >= confirmed)
                confirmed = progress.confirmed
                fixture.clock.advance(by: .milliseconds(300))
                polls += 1
            }
            await transport.close()
            #expect(confirmed == total)
            let printed = await fixture.printer.printedLabels
            #expect(printed.map(\.text) == (1...total).map { String(decoding: testLabel($0).zpl, as: UTF8.self) })
        }
    }

    @Test("real time with a fast printer: every label confirmed")
    func realTimeFastPrinter() async throws {
        let printer = SimulatedPrinter(
            configuration: .init(name: "fast", speedIPS: 2_000, defaultLabelDots: 300), clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: PrinterFixture.logger)
        let transport = Raw9100Transport(
            host: "127.0.0.1", port: server.port, configuration: .test, logger: PrinterFixture.logger)
        do {
            try await transport.open()
            let total = 30
            var sent = 0
            var confirmed = 0
            for _ in 0..<2_000 where confirmed < total {
                while sent < total && sent - confirmed < 8 {
                    sent += 1
                    try await transport.send(testLabel(sent))
                }
                let progress = try await transport.progress()
                let printed = await printer.printedLabels.count
                #expect(progress.confirmed <= printed)
                #expect(progress.confirmed >= confirmed)
                confirmed = progress.confirmed
                if confirmed < total { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(confirmed == total)
            #expect(await printer.printedLabels.count == total)
        } catch {
            await transport.close()
            try? await server.stop()
            throw error
        }
        await transport.close()
        try await server.stop()
    }

    @Test("open() waits until formats from an earlier connection have printed, then counts from zero")
    func openWaitsForDrain() async throws {
        try await PrinterFixture.with { fixture in
            let earlier = fixture.transport()
            try await earlier.open()
            for number in 1...5 { try await earlier.send(testLabel(number)) }
            await earlier.close()
            try await fixture.waitUntilReceived(5)
            #expect(await fixture.printer.printedLabels.count == 0)

            let transport = fixture.transport()
            try await transport.open()
            #expect(await fixture.printer.printedLabels.count == 5)
            #expect(await fixture.printer.snapshot().isDrained)
            let hostStatusQuestions = await fixture.printer.controlCommands.filter { $0.name == "HS" }.count
            #expect(hostStatusQuestions >= 3, "open() should have polled ~HS more than once")

            for number in 6...7 { try await transport.send(testLabel(number)) }
            let progress = try await fixture.poll(transport) { $0.confirmed == 2 }
            #expect(progress.confirmed == 2)
            #expect(await fixture.printer.printedLabels.count == 7)
            await transport.close()
        }
    }

    @Test("open() gives up with .timeout when the printer never drains")
    func openDrainTimeout() async throws {
        try await PrinterFixture.with([.blackhole]) { fixture in
            let earlier = fixture.transport()
            try await earlier.open()
            for number in 1...3 { try await earlier.send(testLabel(number)) }
            await earlier.close()
            try await fixture.waitUntilReceived(3)

            var configuration = Raw9100Transport.Configuration.test
            configuration.drainTimeout = .seconds(5)
            let transport = fixture.transport(configuration)
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .timeout)
            #expect(error?.message.contains("3 formats") == true)
        }
    }

    @Test("status() without an open connection asks on a short connection")
    func statusWithoutConnection() async throws {
        try await PrinterFixture.with { fixture in
            let transport = fixture.transport()
            let ready = try await transport.status()
            #expect(ready.state == .ready)
            #expect(ready.checkedAt == fixture.clock.now)

            await fixture.printer.loadMedia(0)
            let empty = try await transport.status()
            #expect(empty.state == .error)
            #expect(empty.reasons == [.paperOut])
            #expect(await fixture.printer.controlCommands.map(\.name) == ["HS", "HS", "HQES"])
        }
    }

    @Test("status() on an open connection does not move the count")
    func statusOnOpenConnection() async throws {
        try await PrinterFixture.with { fixture in
            let transport = fixture.transport()
            try await transport.open()
            for number in 1...3 { try await transport.send(testLabel(number)) }
            try await fixture.waitUntilReceived(3)
            fixture.clock.advance(by: .seconds(30))
            #expect(try await transport.status().state == .ready)
            let progress = try await transport.progress()
            #expect(progress.confirmed == 3)
            await transport.close()
        }
    }
}
