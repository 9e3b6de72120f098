import Core
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
import TransportSimulated

@Suite("The simulated printer on TCP")
struct SimulatedPrinterServerTests {
    typealias Client = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let logger = Logger(label: "test")

    func connect(_ port: Int) async throws -> Client {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try Client(wrappingChannelSynchronously: channel) }
            }
    }

    /// Reads until `strings` complete STX…ETX strings have arrived, or the connection ends, or two seconds pass.
    func read(
        _ iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, strings: Int
    ) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(2)
        while ZPLFraming.completeStrings(in: bytes) < strings, ContinuousClock.now < deadline {
            guard let buffer = try await iterator.next() else { break }
            bytes += Array(buffer.readableBytesView)
        }
        return bytes
    }

    @Test func printsLabelsAndAnswersHostStatus() async throws {
        let printer = SimulatedPrinter(configuration: .init(name: "tcp"), clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        #expect(server.port > 0)
        #expect(server.printer === printer)
        let client = try await connect(server.port)
        try await client.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            try await outbound.write(ByteBuffer(string: "~PP" + label("T1") + label("T2")))
            try await outbound.write(ByteBuffer(string: "~HS"))
            let answer = try await read(&iterator, strings: 3)
            #expect(
                answer
                    == framed(
                        "000,0,1,1200,002,0,0,0,000,0,0,0", "000,0,0,0,0,2,0,0,00000000,1,000", "0000,0"))
            try await outbound.write(ByteBuffer(string: "~PS~HQES"))
            let extended = try ExtendedStatus.parse(try await read(&iterator, strings: 1))
            #expect(extended.errors.isEmpty)
        }
        var printed = 0
        for _ in 0..<40 where printed < 2 {
            try await Task.sleep(for: .milliseconds(100))
            printed = await printer.printedLabels.count
        }
        #expect(await printer.printedLabels.map(\.text) == [label("T1"), label("T2")])
        try await server.stop()
        await #expect(throws: (any Error).self) { _ = try await connect(server.port) }
    }

    @Test func refusesConnectionsWhileRefuseIsInEffect() async throws {
        let printer = SimulatedPrinter(
            configuration: .init(name: "refuse", faults: [.refuse(seconds: 1, afterLabels: nil)]),
            clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        do {
            let client = try await connect(server.port)
            try? await client.channel.close()
            Issue.record("connection should have been refused")
        } catch {
            #expect("\(error)".lowercased().contains("refused"))
        }
        var connected = false
        for _ in 0..<30 where !connected {
            try await Task.sleep(for: .milliseconds(100))
            if let client = try? await connect(server.port) {
                connected = true
                try? await client.channel.close()
            }
        }
        #expect(connected)
        try await server.stop()
    }

    @Test func resetClosesTheConnectionAfterKBytes() async throws {
        let first = label("KEPT")
        let printer = SimulatedPrinter(
            configuration: .init(name: "reset", faults: [.reset(afterBytes: first.utf8.count)]),
            clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        let client = try await connect(server.port)
        var ended = false
        try await client.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            try await outbound.write(ByteBuffer(string: first + label("LOST") + "~HS"))
            do {
                let answer = try await read(&iterator, strings: 1)
                ended = answer.isEmpty
            } catch {
                ended = true
            }
        }
        #expect(ended)
        #expect(await printer.controlCommands.isEmpty)
        try await Task.sleep(for: .milliseconds(900))
        #expect(await printer.printedLabels.map(\.text) == [first])
        try await server.stop()
    }

    @Test func silentAnswersNothing() async throws {
        let printer = SimulatedPrinter(
            configuration: .init(name: "silent", faults: [.silent(afterLabels: 0)]), clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        let client = try await connect(server.port)
        try await client.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "~HS~HQES"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(await printer.controlCommands.map(\.name) == ["HS", "HQES"])
        }
        try await server.stop()
    }

    /// A client that sends a label and closes its socket at once, one connection after another, as the CUPS
    /// socket backend does after each job: every label prints.
    @Test func aClientThatSendsAndClosesAtOnceLosesNothing() async throws {
        let printer = SimulatedPrinter(
            configuration: .init(name: "tcp", speedIPS: 1_000, defaultLabelDots: 30), clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        for number in 1...100 {
            try await Task.detached { try RawSocket.sendAndClose(zpl(label("S\(number)")), port: server.port) }.value
        }
        var printed: [String] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while printed.count < 100, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            printed = await printer.printedLabels.map(\.text)
        }
        try await server.stop()
        let missing = (1...100).filter { !printed.contains(label("S\($0)")) }
        #expect(missing.isEmpty, "labels never printed: \(missing)")
        #expect(printed.count == 100, "each label printed once")
    }

    /// A client that ends its side of the connection (shutdown) sees the printer close its side, as a Zebra does;
    /// the CUPS socket backend waits for that before it reports the job done.
    @Test func theServerClosesItsSideAfterTheClientsHalfClose() async throws {
        let printer = SimulatedPrinter(configuration: .init(name: "tcp"), clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, logger: logger)
        for _ in 1...20 {
            let closedWithin = try await Task.detached {
                try RawSocket.sendHalfCloseAndWaitForEnd(zpl(label("H")), port: server.port, timeout: 3)
            }.value
            #expect(closedWithin != nil, "the printer closed its side after the client's half-close")
        }
        try await server.stop()
    }
}

/// A blocking POSIX socket client, to do exactly what a CUPS backend does on the wire.
enum RawSocket {
    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw SocketError("connect() to port \(port) failed: errno \(errno)")
        }
        return descriptor
    }

    static func sendAll(_ bytes: [UInt8], on descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else { throw SocketError("send() failed: errno \(errno)") }
            offset += sent
        }
    }

    static func sendAndClose(_ bytes: [UInt8], port: Int) throws {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        try sendAll(bytes, on: descriptor)
    }

    /// Sends, shuts down writing, and reads until the peer closes; the seconds that took, or nil after `timeout`.
    static func sendHalfCloseAndWaitForEnd(_ bytes: [UInt8], port: Int, timeout: Int) throws -> Double? {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        try sendAll(bytes, on: descriptor)
        let start = Date()
        shutdown(descriptor, Int32(SHUT_WR))
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let received = recv(descriptor, &buffer, buffer.count, 0)
            if received == 0 { return Date().timeIntervalSince(start) }
            if received < 0 { return nil }
        }
    }

    struct SocketError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
