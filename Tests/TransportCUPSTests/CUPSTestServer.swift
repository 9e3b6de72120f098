import Core
import Foundation
import Logging
import ProcessSupport
import Testing
import TransportCUPS
import TransportSimulated

extension CUPSTestServer {
    static let logger: Logger = {
        var logger = Logger(label: "cups-tests")
        logger.logLevel = .error
        return logger
    }()

    var socketServer: CUPSServer { CUPSServer(host: socket, port: 0) }
    var tcpServer: CUPSServer { CUPSServer(host: "127.0.0.1", port: port) }

    func transport(queue: String, server: CUPSServer? = nil, configuration: CUPSTransport.Configuration = .test)
        -> CUPSTransport
    {
        CUPSTransport(server: server ?? socketServer, queue: queue, configuration: configuration, logger: Self.logger)
    }
}

/// A simulated Z230 on a TCP port of 127.0.0.1 (real time) behind a raw CUPS queue of its own.
struct QueueFixture {
    let cups: CUPSTestServer
    let queue: String
    let server: SimulatedPrinterServer

    var printer: SimulatedPrinter { server.printer }

    /// Runs `body` with a fresh queue and printer (0.5 in labels at 12 in/s: 24 labels a second), then removes both.
    static func with(cups: CUPSTestServer? = nil, _ body: (QueueFixture) async throws -> Void) async throws {
        let cups = try cups ?? CUPSTestServer.shared()
        let printer = SimulatedPrinter(
            configuration: .init(name: "z230", speedIPS: 12, defaultLabelDots: 150), clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: CUPSTestServer.logger)
        let queue = "gw_test_\(CUPSTestServer.shortID())"
        let fixture = QueueFixture(cups: cups, queue: queue, server: server)
        do {
            try cups.addRawQueue(queue, printerPort: server.port)
            try await body(fixture)
        } catch {
            cups.deleteQueue(queue)
            try? await server.stop()
            throw error
        }
        cups.deleteQueue(queue)
        try await server.stop()
    }

    func transport(server: CUPSServer? = nil) -> CUPSTransport { cups.transport(queue: queue, server: server) }

    /// The label numbers the printer printed, in order (labels say `Label N`).
    func printedNumbers() async -> [Int] {
        await printer.printedLabels.map { label in
            let text = label.text
            guard let range = text.range(of: "^FDLabel ") else { return -1 }
            return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? -1
        }
    }

    /// Waits until the printer has printed `count` different labels (real time); returns every label printed.
    func waitForPrinted(_ count: Int, timeout: Duration = .seconds(60)) async throws -> [Int] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let printed = await printedNumbers()
            if Set(printed).count >= count { return printed }
            try await Task.sleep(for: .milliseconds(50))
        }
        return await printedNumbers()
    }
}

extension LabelDocument {
    static func numbered(_ number: Int) -> LabelDocument {
        LabelDocument(number: number, zpl: Array("^XA^FO50,50^A0N,40,40^FDLabel \(number)^FS^XZ".utf8))
    }
}

extension CUPSTransport.Configuration {
    static let test = CUPSTransport.Configuration(
        connectTimeout: .seconds(2), requestTimeout: .seconds(5), drainTimeout: .seconds(30),
        drainPollInterval: .milliseconds(50))
}

/// Sends labels `range` as the engine does, at most `window` unconfirmed, and polls until all are confirmed or
/// `until` says stop. Checks that confirmations never go down. Returns the last progress answer.
@discardableResult
func pump(
    _ transport: CUPSTransport, _ range: ClosedRange<Int>, window: Int = 8, timeout: Duration = .seconds(90),
    until stop: (TransportProgress) -> Bool = { _ in false }
) async throws -> TransportProgress {
    let deadline = ContinuousClock.now + timeout
    var last = try await transport.progress()
    let base = last.confirmed
    var sent = 0
    while ContinuousClock.now < deadline {
        while sent - (last.confirmed - base) < window, sent < range.count {
            try await transport.send(.numbered(range.lowerBound + sent))
            sent += 1
        }
        let progress = try await transport.progress()
        #expect(progress.confirmed >= last.confirmed, "confirmations went down")
        #expect(progress.confirmed - base <= sent)
        last = progress
        if progress.confirmed - base == range.count || stop(progress) { return progress }
        try await Task.sleep(for: .milliseconds(20))
    }
    return last
}

/// Polls until `count` labels of the connection are confirmed or `timeout` passes; returns the last answer.
func waitConfirmed(_ transport: CUPSTransport, _ count: Int, timeout: Duration = .seconds(30)) async throws
    -> TransportProgress
{
    let deadline = ContinuousClock.now + timeout
    var progress = try await transport.progress()
    while progress.confirmed < count, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
        progress = try await transport.progress()
    }
    return progress
}
