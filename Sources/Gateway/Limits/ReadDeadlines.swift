import NIOCore
import NIOHTTPTypes

/// The read deadlines of one connection: a request's head must arrive within `header` of its first byte, its body
/// within `body` of its head. A client that sends a byte a second (slowloris) is cut off at the deadline; the idle
/// timeout only sees whole request parts, so it would wait for ever on one that trickles in.
///
/// Two handlers share it: ``ByteWatcher`` before the HTTP decoder (it sees a request's first byte) and
/// ``PartWatcher`` after it (it sees the head and the end). Both run on the connection's event loop.
final class ReadDeadlines {
    private enum Phase {
        /// Between requests: the idle timeout's business.
        case waiting
        case readingHead
        case readingBody
        /// Read whole, being answered.
        case answering
    }

    let header: TimeAmount
    let body: TimeAmount
    private var phase = Phase.waiting
    /// The answer went out before the body was read whole (a 401, a 413).
    private var answeredEarly = false
    private var deadline: Scheduled<Void>?

    init(header: Duration, body: Duration) {
        self.header = .nanoseconds(Int64(header.timeIntervalNanoseconds))
        self.body = .nanoseconds(Int64(body.timeIntervalNanoseconds))
    }

    fileprivate func bytesRead(_ context: ChannelHandlerContext) {
        guard phase == .waiting else { return }
        phase = .readingHead
        arm(header, context)
    }

    fileprivate func partRead(_ part: HTTPRequestPart, _ context: ChannelHandlerContext) {
        switch part {
        case .head:
            phase = .readingBody
            arm(body, context)
        case .body:
            break
        case .end:
            phase = answeredEarly ? .waiting : .answering
            answeredEarly = false
            deadline?.cancel()
            deadline = nil
        }
    }

    fileprivate func answered() {
        switch phase {
        case .answering: phase = .waiting
        case .readingBody: answeredEarly = true
        case .waiting, .readingHead: break
        }
    }

    fileprivate func stop() {
        deadline?.cancel()
        deadline = nil
    }

    private func arm(_ limit: TimeAmount, _ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
    }
}

/// Sees the connection's bytes before the HTTP decoder, for ``ReadDeadlines``.
final class ByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let deadlines: ReadDeadlines

    init(deadlines: ReadDeadlines) { self.deadlines = deadlines }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesRead(context)
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadlines.stop()
        context.fireChannelInactive()
    }
}

/// Sees the request parts and the end of each response, for ``ReadDeadlines``.
final class PartWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    let deadlines: ReadDeadlines

    init(deadlines: ReadDeadlines) { self.deadlines = deadlines }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.partRead(unwrapInboundIn(data), context)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { deadlines.answered() }
        context.write(data, promise: promise)
    }
}

extension Duration {
    fileprivate var timeIntervalNanoseconds: Double { timeInterval * 1e9 }
}
