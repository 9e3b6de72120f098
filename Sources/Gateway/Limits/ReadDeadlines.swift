import NIOCore
import NIOHTTPTypes

/// The read deadlines of one connection: a request's head must arrive within `header` of its first byte, its body
/// within `body` of its head. A client that sends a byte a second (slowloris) is cut off at the deadline; the idle
/// timeout only sees whole request parts, so it would wait for ever on one that trickles in.
///
/// Two handlers share it: ``ByteWatcher`` before the HTTP decoder (it sees a request's first byte) and
/// ``PartWatcher`` after it (it sees the head and the end). Both run on the connection's event loop.
///
/// A request only notes when its phase began; one timer per connection checks the phase when it fires and is
/// armed again only while a request is being read. So a keep-alive connection answering thousands of requests a
/// second arms a timer about once per deadline, not twice per request.
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
    private var phaseStarted = NIODeadline.now()
    /// The answer went out before the body was read whole (a 401, a 413).
    private var answeredEarly = false
    private var timer: Scheduled<Void>?

    init(header: Duration, body: Duration) {
        self.header = .nanoseconds(Int64(header.timeIntervalNanoseconds))
        self.body = .nanoseconds(Int64(body.timeIntervalNanoseconds))
    }

    fileprivate func bytesRead(_ context: ChannelHandlerContext) {
        guard phase == .waiting else { return }
        enter(.readingHead, context)
    }

    fileprivate func partRead(_ part: HTTPRequestPart, _ context: ChannelHandlerContext) {
        switch part {
        case .head:
            enter(.readingBody, context)
        case .body:
            break
        case .end:
            phase = answeredEarly ? .waiting : .answering
            answeredEarly = false
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
        timer?.cancel()
        timer = nil
    }

    /// How long the current phase may last; nil when no request is being read.
    private var limit: TimeAmount? {
        switch phase {
        case .readingHead: header
        case .readingBody: body
        case .waiting, .answering: nil
        }
    }

    private func enter(_ next: Phase, _ context: ChannelHandlerContext) {
        phase = next
        phaseStarted = .now()
        if timer == nil, let limit { arm(at: phaseStarted + limit, context.channel) }
    }

    private func arm(at deadline: NIODeadline, _ channel: any Channel) {
        let this = NIOLoopBound(self, eventLoop: channel.eventLoop)
        timer = channel.eventLoop.scheduleTask(deadline: deadline) { this.value.check(channel) }
    }

    /// The timer fired: close the connection when the phase outlived its limit, else wait for its own deadline.
    private func check(_ channel: any Channel) {
        timer = nil
        guard let limit else { return }
        let deadline = phaseStarted + limit
        if deadline <= .now() {
            channel.close(promise: nil)
        } else {
            arm(at: deadline, channel)
        }
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
