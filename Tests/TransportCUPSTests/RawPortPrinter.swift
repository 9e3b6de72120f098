import Core
import NIOCore
import NIOPosix
import TransportSimulated

/// A simulated Z230 behind a TCP port that serves one CUPS socket-backend connection after another, as a Zebra's
/// port 9100 does: it reads a connection to its end, hands the bytes to the printer, then closes its side, in the
/// order the connections were accepted.
///
/// (``SimulatedPrinterServer`` serves connections concurrently and can miss a connection that the client closes at
/// once, which the CUPS socket backend does after every job.)
final class RawPortPrinter: Sendable {
    let printer: SimulatedPrinter
    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    private init(printer: SimulatedPrinter, port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.printer = printer
        self.port = port
        self.channel = channel
        self.group = group
    }

    static func start(printer: SimulatedPrinter) async throws -> RawPortPrinter {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let feeder = Feeder(printer: printer)
        let counter = AcceptCounter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                counter.value += 1
                let index = counter.value
                return channel.pipeline.addHandler(ConnectionReader(index: index, feeder: feeder))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw CUPSTestError("no port") }
        return RawPortPrinter(printer: printer, port: port, channel: channel, group: group)
    }

    func stop() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    /// Numbers connections as they are accepted; touched only on the server's single event loop.
    final class AcceptCounter: @unchecked Sendable {
        var value = 0
    }

    /// Hands each connection's bytes to the printer in accept order.
    actor Feeder {
        let printer: SimulatedPrinter
        private var next = 1
        private var waiting: [Int: ([UInt8], @Sendable () -> Void)] = [:]

        init(printer: SimulatedPrinter) { self.printer = printer }

        func feed(_ index: Int, _ bytes: [UInt8], then done: @escaping @Sendable () -> Void) async {
            waiting[index] = (bytes, done)
            while let (bytes, done) = waiting.removeValue(forKey: next) {
                next += 1
                let connection = await printer.connect()
                _ = await printer.receive(bytes, connection: connection)
                await printer.disconnect(connection)
                done()
            }
        }
    }

    /// Collects one connection's bytes until the client closes its side.
    final class ConnectionReader: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let index: Int
        let feeder: Feeder
        private var bytes: [UInt8] = []
        private var fed = false

        init(index: Int, feeder: Feeder) {
            self.index = index
            self.feeder = feeder
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += unwrapInboundIn(data).readableBytesView
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event { finish(context.channel) }
        }

        func channelInactive(context: ChannelHandlerContext) { finish(context.channel) }

        private func finish(_ channel: any Channel) {
            guard !fed else { return }
            fed = true
            let (bytes, index, feeder) = (self.bytes, self.index, self.feeder)
            Task { await feeder.feed(index, bytes) { channel.close(promise: nil) } }
        }
    }
}
