import Core
import Logging
import Testing
import TransportSimulated
import TransportUSB
import USBTestSupport

/// A simulated USB bus with one simulated Z230 (virtual time), and transports to it made by the factory.
struct USBFixture {
    let clock = VirtualClock()
    let backend = SimulatedUSBBackend()
    let printer: SimulatedPrinter
    let device: Int

    static let serial = "52J123"
    static let logger: Logger = {
        var logger = Logger(label: "usb-tests")
        logger.logLevel = .error
        return logger
    }()

    init(hasBulkIn: Bool = true, kernelDriverAttached: Bool = false) async {
        printer = SimulatedPrinter(configuration: .init(name: "usb-z230"), clock: clock)
        device = await backend.attach(
            printer, serial: Self.serial, hasBulkIn: hasBulkIn, kernelDriverAttached: kernelDriverAttached)
    }

    func transport(_ uri: String = "usb://0a5f:0120?serial=\(USBFixture.serial)") throws -> USBTransport {
        let factory = USBTransportFactory(
            backend: backend, clock: clock,
            configuration: .init(statusTimeout: .milliseconds(100), drainPollInterval: .milliseconds(200)))
        let transport = try TransportRegistry([factory]).makeTransport(
            uri: uri, model: .zebraZ230_300dpi, logger: Self.logger)
        return try #require(transport as? USBTransport)
    }

    /// Sends `range` within a window of 4 and polls, moving virtual time, until all are confirmed.
    @discardableResult
    func print(_ range: ClosedRange<Int>, on transport: USBTransport, base: Int = 0) async throws -> TransportProgress {
        var sent = 0
        var progress = TransportProgress(confirmed: base, status: .unknown)
        for _ in 0..<2_000 {
            while sent - (progress.confirmed - base) < 4, sent < range.count {
                try await transport.send(.numbered(range.lowerBound + sent))
                sent += 1
            }
            let next = try await transport.progress()
            #expect(next.confirmed >= progress.confirmed)
            #expect(next.confirmed - base <= sent)
            progress = next
            if progress.confirmed - base == range.count { break }
            clock.advance(by: .milliseconds(100))
        }
        return progress
    }

    func printedNumbers() async -> [Int] {
        await printer.printedLabels.map { label in
            let text = label.text
            guard let range = text.range(of: "^FDLabel ") else { return -1 }
            return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? -1
        }
    }
}

extension LabelDocument {
    static func numbered(_ number: Int) -> LabelDocument {
        LabelDocument(number: number, zpl: Array("^XA^FO50,50^A0N,40,40^FDLabel \(number)^FS^XZ".utf8))
    }
}
