import Core
import Foundation
import Logging
import Testing
import TransportRaw9100
import TransportSimulated

/// A simulated Z230 on a real TCP port of 127.0.0.1 whose time is a ``VirtualClock`` the test moves.
struct PrinterFixture {
    let clock: VirtualClock
    let server: SimulatedPrinterServer

    var printer: SimulatedPrinter { server.printer }

    static let logger: Logger = {
        var logger = Logger(label: "raw9100-tests")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` against a fresh printer and stops the server afterwards, also when `body` throws.
    static func with(
        _ faults: [SimulatedPrinter.Fault] = [],
        _ body: (PrinterFixture) async throws -> Void
    ) async throws {
        let clock = VirtualClock()
        let printer = SimulatedPrinter(configuration: .init(name: "line1", faults: faults), clock: clock)
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        let fixture = PrinterFixture(clock: clock, server: server)
        do {
            try await body(fixture)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    func transport(_ configuration: Raw9100Transport.Configuration = .test) -> Raw9100Transport {
        Raw9100Transport(
            host: "127.0.0.1", port: server.port, configuration: configuration, clock: clock, logger: Self.logger)
    }

    /// Polls `transport` and moves the printer's time in steps until `done` holds for a progress answer,
    /// checking on every poll that confirmations never go down and never exceed what the printer printed.
    @discardableResult
    func poll(
        _ transport: Raw9100Transport, step: Duration = .milliseconds(300), maximumPolls: Int = 200,
        until done: (TransportProgress) -> Bool
    ) async throws -> TransportProgress {
        var last = -1
        for _ in 0..<maximumPolls {
            let progress = try await transport.progress()
            let printed = await printer.printedLabels.count
            #expect(progress.confirmed <= printed, "confirmed \(progress.confirmed) but printed \(printed)")
            #expect(progress.confirmed >= last, "confirmed went down from \(last) to \(progress.confirmed)")
            last = progress.confirmed
            if done(progress) { return progress }
            clock.advance(by: step)
        }
        Issue.record("no progress answer met the condition within \(maximumPolls) polls")
        return try await transport.progress()
    }

    /// Waits (in real time) until the printer has taken in `count` formats, printed or buffered.
    func waitUntilReceived(_ count: Int) async throws {
        for _ in 0..<500 {
            let snapshot = await printer.snapshot()
            if snapshot.formatsInBuffer + snapshot.labelsPrinted + snapshot.labelsRemainingInBatch >= count { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the printer did not receive \(count) formats")
    }
}

extension Raw9100Transport.Configuration {
    /// Status waits short enough that silent printers cost little test time, long enough for a loaded CI machine;
    /// drain polls in virtual time.
    static let test = Raw9100Transport.Configuration(
        connectTimeout: .seconds(3),
        driver: .init(
            writeTimeout: .seconds(3), statusTimeout: .milliseconds(1500), drainTimeout: .seconds(60),
            drainPollInterval: .milliseconds(500)))
}

/// Label `number` of a test job: one small format.
func testLabel(_ number: Int) -> LabelDocument {
    LabelDocument(number: number, zpl: Array("^XA^FO50,50^A0N,40,40^FDLabel \(number)^FS^XZ".utf8))
}
