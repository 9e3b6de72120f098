import Core
import NIOCore
import NIOPosix

/// One TCP connection to a printer's raw port: writes with a timeout and status questions that await
/// a complete answer.
struct Raw9100Connection: Sendable {
    /// Why a connection could not be made or used; the transport turns these into ``TransportError``s.
    enum Failure: Error, Sendable {
        case connect(any Error)
        case closed((any Error)?)
        case writeTimedOut
    }

    let channel: any Channel
    private let collector: NIOLoopBoundBox<StatusAnswerCollector>

    /// Connects to `host:port`, failing after `timeout`.
    static func connect(
        host: String, port: Int, timeout: Duration, group: any EventLoopGroup
    ) async throws(Failure) -> Raw9100Connection {
        let eventLoop = group.any()
        let collector = NIOLoopBoundBox.makeBoxSendingValue(StatusAnswerCollector(), eventLoop: eventLoop)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(collector.value)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            return Raw9100Connection(channel: channel, collector: collector)
        } catch {
            throw .connect(error)
        }
    }

    /// Writes `bytes` and waits until they are handed to the operating system, at most `timeout`.
    func write(_ bytes: [UInt8], timeout: Duration) async throws(Failure) {
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

    /// Drops stale bytes, sends `command` and waits for an answer of `shape`, at most `timeout`.
    func ask(_ command: String, expecting shape: StatusAnswerShape, timeout: Duration) async throws(Failure)
        -> StatusAnswer
    {
        let channel = self.channel
        let collector = self.collector
        let answer = channel.eventLoop.flatSubmit { () -> EventLoopFuture<StatusAnswer> in
            collector.value.discardReceived()
            let answer = collector.value.awaitAnswer(shape, within: TimeAmount(timeout), on: channel.eventLoop)
            if !collector.value.isClosed {
                channel.writeAndFlush(channel.allocator.buffer(string: command), promise: nil)
            }
            return answer
        }
        do {
            return try await answer.get()
        } catch let closed as ConnectionClosed {
            throw .closed(closed.underlying)
        } catch {
            throw .closed(error)
        }
    }

    /// Closes the connection; errors (already closed) are of no interest.
    func close() async {
        try? await channel.close()
    }
}
