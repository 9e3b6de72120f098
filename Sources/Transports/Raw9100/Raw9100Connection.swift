import Core
import NIOCore
import NIOPosix

/// One TCP connection to a printer's raw port, a ``Core/ByteChannel`` for the ZPL driver: writes with a timeout,
/// reads of what the printer sent back.
public struct Raw9100Connection: ByteChannel {
    /// Why a connection could not be made or used; ``Raw9100Device`` turns these into ``TransportError``s.
    public enum Failure: Error, Sendable {
        case connect(any Error)
        case closed((any Error)?)
        case writeTimedOut
    }

    let channel: any Channel
    private let receiver: NIOLoopBoundBox<ReceiveHandler>

    /// The printer answers on the same socket.
    public var canRead: Bool { true }

    /// Connects to `host:port`, failing after `timeout`.
    static func connect(
        host: String, port: Int, timeout: Duration, group: any EventLoopGroup
    ) async throws(Failure) -> Raw9100Connection {
        let eventLoop = group.any()
        let receiver = NIOLoopBoundBox.makeBoxSendingValue(ReceiveHandler(), eventLoop: eventLoop)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(receiver.value)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            return Raw9100Connection(channel: channel, receiver: receiver)
        } catch {
            throw .connect(error)
        }
    }

    /// Writes `bytes` and waits until they are handed to the operating system, at most `timeout`.
    public func write(_ bytes: [UInt8], timeout: Duration) async throws(Failure) {
        let eventLoop = channel.eventLoop
        let promise = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) { promise.fail(Failure.writeTimedOut) }
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { result in
            timer.cancel()
            promise.completeWith(result)
        }
        do {
            try await promise.futureResult.get()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .closed(error)
        }
    }

    /// What the printer sent since the last read, waiting at most `timeout` for the first byte.
    public func read(timeout: Duration) async throws(Failure) -> [UInt8] {
        let receiver = self.receiver
        let eventLoop = channel.eventLoop
        let bytes = eventLoop.flatSubmit { receiver.value.read(within: TimeAmount(timeout), on: eventLoop) }
        do {
            return try await bytes.get()
        } catch let closed as ConnectionClosed {
            throw .closed(closed.underlying)
        } catch {
            throw .closed(error)
        }
    }

    /// Drops what arrived and was not read, at once: the received bytes are in memory.
    public func discardReceived() async {
        _ = try? await read(timeout: .zero)
    }

    /// Closes the connection; errors (already closed) are of no interest.
    public func close() async {
        try? await channel.close()
    }
}
