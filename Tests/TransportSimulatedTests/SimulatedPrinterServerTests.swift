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
}
