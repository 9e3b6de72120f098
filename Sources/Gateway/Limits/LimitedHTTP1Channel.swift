import Core
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with the listener's limits: the idle timeout, the read deadlines
/// (``ReadDeadlines``) and the connection caps (``ConnectionLimiter``). A connection past a cap is accepted and
/// closed at once, so it costs its descriptor for an instant and the listener keeps accepting others (a listener
/// that stopped accepting would leave `/ready` unanswered too).
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = AcceptedConnection

    let responder: HTTPChannelHandler.Responder
    let limits: APILimits
    let connections: ConnectionLimiter
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let client = channel.remoteAddress?.ipAddress
        guard connections.open(client) else {
            self.logger.notice(
                "connection refused: too many open", metadata: ["client.address": "\(client ?? "unknown")"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        let connections = connections
        channel.closeFuture.whenComplete { _ in connections.close(client) }
        let deadlines = NIOLoopBound(
            ReadDeadlines(header: limits.headerTimeout, body: limits.bodyTimeout), eventLoop: channel.eventLoop)
        let idle = TimeAmount.nanoseconds(Int64(limits.idleTimeout.timeInterval * 1e9))
        let http = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [PartWatcher(deadlines: deadlines.value)], idleTimeout: idle))
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteWatcher(deadlines: deadlines.value), position: .first)
        }.flatMap {
            http.setup(channel: channel, logger: logger)
        }.map(AcceptedConnection.init)
    }

    /// Serves the connection's requests on its own event loop (``EventLoopTaskExecutor``).
    func handle(value: Value, logger: Logger) async {
        let connection = value.serve()
        let executor = EventLoopTaskExecutor(connection.channel.eventLoop)
        await PreferredExecutor.$current.withValue(executor) {
            await withTaskExecutorPreference(executor) {
                await HTTP1Channel(responder: responder).handle(value: connection, logger: logger)
            }
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the listener's ``APILimits``; behind TLS when `tls` is given.
    static func limitedHTTP1(limits: APILimits, tls: TLSContextSource? = nil, logger: Logger) -> HTTPServerBuilder {
        let connections = ConnectionLimiter(
            maximum: limits.maxConnections, maximumPerClient: limits.maxConnectionsPerClient)
        return HTTPServerBuilder { responder in
            let http = LimitedHTTP1Channel(
                responder: responder, limits: limits, connections: connections, logger: logger)
            guard let tls else { return http }
            return ReloadingTLSChannel(base: http, source: tls)
        }
    }
}
