import Core
import Foundation
import Testing
import TransportRaw9100
import TransportSimulated

@Suite("Raw 9100 transport: printer faults")
struct Raw9100TransportFaultTests {
    @Test("connection refused is .unreachable naming host and port; status() says offline")
    func connectionRefused() async throws {
        let port = try closedPort()
        let transport = Raw9100Transport(
            host: "127.0.0.1", port: port, configuration: .test, logger: PrinterFixture.logger)
        let error = await #expect(throws: TransportError.self) { try await transport.open() }
        #expect(error?.code == .unreachable)
        #expect(error?.isWaitCondition == true)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)

        let status = try await transport.status()
        #expect(status.state == .offline)
        #expect(status.reasons == [.offline])
    }

    @Test("paper out mid-job: ~HS is silent, ~HQES says paper out, printing resumes after new media")
    func paperOutMidJob() async throws {
        try await PrinterFixture.with([.paperOut(atLabel: 4)]) { fixture in
            let transport = fixture.transport()
            try await transport.open()
            for number in 1...6 { try await transport.send(testLabel(number)) }

            let stopped = try await fixture.poll(transport) { $0.status.reasons.contains(.paperOut) }
            #expect(stopped.status.state == .error)
            #expect(stopped.status.waitingReason == .paperOut)
            #expect(stopped.confirmed <= 3)
            #expect(await fixture.printer.printedLabels.count == 3)
            #expect(await fixture.printer.controlCommands.contains { $0.name == "HQES" })
            #expect(try await transport.status().reasons == [.paperOut])

            await fixture.printer.loadMedia(100)
            let done = try await fixture.poll(transport) { $0.confirmed == 6 }
            #expect(done.status.state == .ready)
            let printed = await fixture.printer.printedLabels.map(\.text)
            #expect(printed == (1...6).map { String(decoding: testLabel($0).zpl, as: UTF8.self) })
            await transport.close()
        }
    }

    @Test("head open mid-job is reported through ~HQES; printing resumes when it closes")
    func headOpenMidJob() async throws {
        try await PrinterFixture.with([.headOpen(atLabel: 3)]) { fixture in
            let transport = fixture.transport()
            try await transport.open()
            for number in 1...4 { try await transport.send(testLabel(number)) }
            let stopped = try await fixture.poll(transport) { $0.status.reasons.contains(.headOpen) }
            #expect(stopped.status.state == .error)
            #expect(stopped.confirmed <= 2)

            await fixture.printer.closeHead()
            let done = try await fixture.poll(transport) { $0.confirmed == 4 }
            #expect(done.status.state == .ready)
            await transport.close()
        }
    }

    @Test("open() on a printer with its head open throws .condition with the status")
    func openWithHeadOpen() async throws {
        try await PrinterFixture.with { fixture in
            await fixture.printer.openHead()
            let transport = fixture.transport()
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .condition)
            #expect(error?.status?.reasons == [.headOpen])
            #expect(error?.status?.waitingReason == .headOpen)
        }
    }

    @Test("a paused printer answers ~HS with the pause flag; resume lets the job finish")
    func pausedMidJob() async throws {
        try await PrinterFixture.with([.pause(atLabel: 2)]) { fixture in
            let transport = fixture.transport()
            try await transport.open()
            for number in 1...3 { try await transport.send(testLabel(number)) }
            let paused = try await fixture.poll(transport) { $0.status.reasons.contains(.paused) }
            #expect(paused.status.waitingReason == .paused)
            #expect(await !fixture.printer.controlCommands.contains { $0.name == "HQES" })

            await fixture.printer.resume()
            try await fixture.poll(transport) { $0.confirmed == 3 }
            await transport.close()
        }
    }

    @Test("a printer that answers neither ~HS nor ~HQES is a .timeout")
    func silentPrinter() async throws {
        try await PrinterFixture.with([.silent(afterLabels: 0)]) { fixture in
            let transport = fixture.transport()
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .timeout)
            let statusError = await #expect(throws: TransportError.self) { try await transport.status() }
            #expect(statusError?.code == .timeout)
        }
    }

    @Test("a printer that falls silent mid-job makes progress() throw .timeout")
    func silentMidJob() async throws {
        try await PrinterFixture.with([.silent(afterLabels: 2)]) { fixture in
            let transport = fixture.transport()
            try await transport.open()
            for number in 1...4 { try await transport.send(testLabel(number)) }
            try await fixture.waitUntilReceived(4)
            fixture.clock.advance(by: .seconds(10))
            let error = await #expect(throws: TransportError.self) { try await transport.progress() }
            #expect(error?.code == .timeout)
            await transport.close()
        }
    }

    @Test("garbled status answers are a .protocolError")
    func garbledAnswers() async throws {
        try await PrinterFixture.with([.garbled]) { fixture in
            let transport = fixture.transport()
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .protocolError)
        }
    }

    @Test("a connection reset after K bytes is .connectionLost, and no label is confirmed that did not print")
    func connectionReset() async throws {
        try await PrinterFixture.with([.reset(afterBytes: 150)]) { fixture in
            let transport = fixture.transport()
            try await transport.open()
            var lost: TransportError? = nil
            do {
                for number in 1...10 { try await transport.send(testLabel(number)) }
                for _ in 0..<5 {
                    let progress = try await transport.progress()
                    #expect(progress.confirmed <= (await fixture.printer.printedLabels.count))
                }
            } catch let error as TransportError {
                lost = error
            }
            #expect(lost?.code == .connectionLost)
            let again = await #expect(throws: TransportError.self) { try await transport.progress() }
            #expect(again?.code == .connectionLost)
            await transport.close()
        }
    }
}
