import Core
import Foundation
import Logging
import ProcessSupport
import Testing
import TransportCUPS
import TransportSimulated

/// The private cupsd that scripts/test starts (scripts/cups-test-server.sh): `TEST_CUPS_SOCKET` (its Unix socket),
/// `TEST_CUPS_PORT` (its loopback port) and `TEST_CUPS_DIR` (its folder). Queues are administered with the CUPS
/// command-line tools over the socket, as an operator would.
struct CUPSTestServer: Sendable {
    let socket: String
    let port: Int
    let directory: String

    static let logger: Logger = {
        var logger = Logger(label: "cups-tests")
        logger.logLevel = .error
        return logger
    }()

    static func shared() throws -> CUPSTestServer {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["TEST_CUPS_SOCKET"], let port = environment["TEST_CUPS_PORT"].flatMap(Int.init),
            let directory = environment["TEST_CUPS_DIR"]
        else {
            throw CUPSTestError(
                "TEST_CUPS_SOCKET, TEST_CUPS_PORT and TEST_CUPS_DIR are not set: run the tests with scripts/test, "
                    + "which starts a private cupsd (scripts/cups-test-server.sh)")
        }
        return CUPSTestServer(socket: socket, port: port, directory: directory)
    }

    /// Starts another private cupsd in a fresh folder on a free port, for a test that stops and starts it.
    static func startPrivate() throws -> CUPSTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cupsd-\(shortID())").path
        let port = try freePort()
        try runScript(["start", directory, "\(port)"])
        return CUPSTestServer(socket: directory + "/cups.sock", port: port, directory: directory)
    }

    func start() throws { try Self.runScript(["start", directory, "\(port)"]) }
    func stop() throws { try Self.runScript(["stop", directory]) }

    var socketServer: CUPSServer { CUPSServer(host: socket, port: 0) }
    var tcpServer: CUPSServer { CUPSServer(host: "127.0.0.1", port: port) }

    func transport(queue: String, server: CUPSServer? = nil, configuration: CUPSTransport.Configuration = .test)
        -> CUPSTransport
    {
        CUPSTransport(server: server ?? socketServer, queue: queue, configuration: configuration, logger: Self.logger)
    }

    /// Adds a raw queue sending to `socket://127.0.0.1:PORT` (the simulated printer), enabled and accepting.
    func addRawQueue(_ name: String, printerPort: Int) throws {
        try admin("lpadmin", ["-p", name, "-E", "-v", "socket://127.0.0.1:\(printerPort)", "-m", "raw"])
    }

    func deleteQueue(_ name: String) { try? admin("lpadmin", ["-x", name]) }
    func disable(_ name: String) throws { try admin("cupsdisable", [name]) }
    func enable(_ name: String) throws { try admin("cupsenable", [name]) }
    func reject(_ name: String) throws { try admin("cupsreject", [name]) }
    func accept(_ name: String) throws { try admin("cupsaccept", [name]) }

    /// Runs a CUPS administration tool against this server; retries while a cupsd that has just started
    /// still answers service-unavailable.
    func admin(_ tool: String, _ arguments: [String]) throws {
        for attempt in 1...30 {
            do {
                return try Self.run(tool, ["-h", socket] + arguments)
            } catch let error as CUPSTestError where error.description.contains("service-unavailable") && attempt < 30 {
                usleep(100_000)
            }
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let path = ["/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"].map { $0 + tool }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw CUPSTestError("\(tool) not found: install cups-client") }
        let (status, output) = try ChildProcess.run(URL(fileURLWithPath: path), arguments, timeout: 60)
        guard status == 0 else {
            throw CUPSTestError("\(tool) \(arguments.joined(separator: " ")) failed: \(output)")
        }
    }

    /// scripts/cups-test-server.sh, found from this file's place in the repository.
    static func runScript(_ arguments: [String]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        try run("bash", [root.appendingPathComponent("scripts/cups-test-server.sh").path] + arguments)
    }

    static func shortID() -> String { String(UUID().uuidString.prefix(8)).lowercased() }

    /// A TCP port free on loopback right now.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw CUPSTestError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A simulated Z230 on a TCP port of 127.0.0.1 (real time) behind a raw CUPS queue of its own.
struct QueueFixture {
    let cups: CUPSTestServer
    let queue: String
    let server: RawPortPrinter

    var printer: SimulatedPrinter { server.printer }

    /// Runs `body` with a fresh queue and printer (0.5 in labels at 12 in/s: 24 labels a second), then removes both.
    static func with(cups: CUPSTestServer? = nil, _ body: (QueueFixture) async throws -> Void) async throws {
        let cups = try cups ?? CUPSTestServer.shared()
        let printer = SimulatedPrinter(
            configuration: .init(name: "z230", speedIPS: 12, defaultLabelDots: 150), clock: SystemClock())
        let server = try await RawPortPrinter.start(printer: printer)
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

struct CUPSTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
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
