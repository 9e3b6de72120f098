import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// A child channel that speaks TLS around `base`, with the context ``TLSContextSource`` holds when the
/// connection is accepted (Hummingbird's `TLSChannel` keeps one context for ever).
///
/// The TLS handler goes in front of the base channel's handlers after they are set up, so that those that watch
/// the bytes of a request (``LimitedHTTP1Channel``'s read deadlines) see decrypted HTTP, and a connection the base
/// channel refuses (past a connection cap) costs no handshake.
struct ReloadingTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let source: TLSContextSource

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let context = source.context
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
