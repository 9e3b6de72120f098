import NIOCore

/// Signals that the connection closed or failed while a read was waiting.
struct ConnectionClosed: Error, Sendable {
    let underlying: (any Error)?
}

/// Keeps the bytes a printer sends back on the raw port until the connection reads them, and lets a read wait
/// for the first byte with a timeout. Lives on the channel's event loop.
final class ReceiveHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// Bytes beyond this are dropped from the front: a printer never sends this much for one question.
    static let maximumBuffered = 64 * 1024

    private struct Waiting {
        let promise: EventLoopPromise<[UInt8]>
        let timeout: Scheduled<Void>
    }

    private var received: [UInt8] = []
    private var waiting: Waiting?
    private var closed: ConnectionClosed?

    /// What arrived since the last read; when nothing has, the first bytes to come within `timeout` (empty if none).
    func read(within timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<[UInt8]> {
        if !received.isEmpty { return eventLoop.makeSucceededFuture(takeReceived()) }
        if let closed { return eventLoop.makeFailedFuture(closed) }
        if let previous = waiting {
            waiting = nil
            previous.timeout.cancel()
            previous.promise.succeed([])
        }
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.expire()
        }
        waiting = Waiting(promise: promise, timeout: scheduled)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) { received.append(contentsOf: bytes) }
        if received.count > Self.maximumBuffered {
            received.removeFirst(received.count - Self.maximumBuffered)
        }
        guard let waiting else { return }
        self.waiting = nil
        waiting.timeout.cancel()
        waiting.promise.succeed(takeReceived())
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ConnectionClosed(underlying: nil))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ConnectionClosed(underlying: error))
        context.close(promise: nil)
    }

    private func takeReceived() -> [UInt8] {
        defer { received.removeAll(keepingCapacity: true) }
        return received
    }

    private func expire() {
        guard let waiting else { return }
        self.waiting = nil
        waiting.promise.succeed([])
    }

    private func fail(_ error: ConnectionClosed) {
        if closed == nil { closed = error }
        guard let waiting else { return }
        self.waiting = nil
        waiting.timeout.cancel()
        waiting.promise.fail(error)
    }
}
