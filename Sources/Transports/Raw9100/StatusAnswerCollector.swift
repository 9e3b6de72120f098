import Core
import NIOCore

/// The shape of a complete status answer, so the collector knows when to stop waiting.
enum StatusAnswerShape: Sendable {
    /// `~HS`: three `STX … ETX` strings.
    case hostStatus
    /// `~HQES`: one `STX … ETX` string holding the `ERRORS:` and `WARNINGS:` lines.
    case extendedStatus
    /// `~HI`: one `STX … ETX` string, `model,firmware,dots per mm,memory[,options]`.
    case identification

    /// The complete answer within `bytes`, or `nil` while it is incomplete.
    /// Strings of the other shape (a late answer to an earlier question) are skipped.
    func answer(in bytes: [UInt8]) -> [UInt8]? {
        let strings = ZPLFraming.strings(in: bytes)
        switch self {
        case .hostStatus:
            let own = strings.filter { !$0.contains("ERRORS:") }
            guard own.count >= 3 else { return nil }
            return own.suffix(3).flatMap { ZPLFraming.frame($0) }
        case .extendedStatus:
            return strings.last { $0.contains("ERRORS:") }.map { ZPLFraming.frame($0) }
        case .identification:
            return strings.last { $0.split(separator: ",").count >= 4 && !$0.contains("ERRORS:") }
                .map { ZPLFraming.frame($0) }
        }
    }
}

/// What came back for one status question.
enum StatusAnswer: Sendable {
    /// A complete answer, reframed as the printer sent it.
    case complete([UInt8])
    /// Nothing at all within the time allowed.
    case silent
    /// Bytes arrived, but no complete answer of the expected shape within the time allowed.
    case incomplete([UInt8])
}

/// Signals that the connection closed or failed while a question was open.
struct ConnectionClosed: Error, Sendable {
    let underlying: (any Error)?
}

/// Collects the bytes a printer sends back on the raw port, so the transport can await a complete
/// `STX … ETX` answer with a timeout. Lives on the channel's event loop.
final class StatusAnswerCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// Bytes beyond this are dropped from the front: a printer never sends this much for one question.
    static let maximumBuffered = 64 * 1024

    private struct Question {
        let shape: StatusAnswerShape
        let promise: EventLoopPromise<StatusAnswer>
        let timeout: Scheduled<Void>
    }

    private var received: [UInt8] = []
    private var question: Question?
    private var closed: ConnectionClosed?

    var isClosed: Bool { closed != nil }

    /// Forgets everything received so far (a late answer to an earlier question).
    func discardReceived() {
        received.removeAll(keepingCapacity: true)
    }

    /// Waits for an answer of `shape` among the bytes received from now on or already buffered.
    func awaitAnswer(
        _ shape: StatusAnswerShape, within timeout: TimeAmount, on eventLoop: any EventLoop
    ) -> EventLoopFuture<StatusAnswer> {
        if let closed { return eventLoop.makeFailedFuture(closed) }
        if let previous = question {
            previous.timeout.cancel()
            previous.promise.fail(ConnectionClosed(underlying: nil))
            question = nil
        }
        let promise = eventLoop.makePromise(of: StatusAnswer.self)
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.expire()
        }
        question = Question(shape: shape, promise: promise, timeout: scheduled)
        answerIfComplete()
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) { received.append(contentsOf: bytes) }
        if received.count > Self.maximumBuffered {
            received.removeFirst(received.count - Self.maximumBuffered)
        }
        answerIfComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ConnectionClosed(underlying: nil))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ConnectionClosed(underlying: error))
        context.close(promise: nil)
    }

    private func answerIfComplete() {
        guard let question, let answer = question.shape.answer(in: received) else { return }
        self.question = nil
        received.removeAll(keepingCapacity: true)
        question.timeout.cancel()
        question.promise.succeed(.complete(answer))
    }

    private func expire() {
        guard let question else { return }
        self.question = nil
        question.promise.succeed(received.isEmpty ? .silent : .incomplete(received))
    }

    private func fail(_ error: ConnectionClosed) {
        if closed == nil { closed = error }
        guard let question else { return }
        self.question = nil
        question.timeout.cancel()
        question.promise.fail(error)
    }
}
