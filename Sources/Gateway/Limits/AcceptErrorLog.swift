import Logging
import NIOCore

/// Logs why a listener cannot accept connections: the process's or the system's open files are used up (`EMFILE`,
/// `ENFILE`), or socket buffers or memory.
///
/// NIO's `AcceptBackoffHandler`, which `ServerBootstrap` puts on every listener, takes those errors and accepts again
/// a second later, and says nothing; the connections wait in the kernel's backlog meanwhile. This handler goes first
/// on the listener's pipeline, so it sees them before that one does: the first of a run is a warning, and the next
/// ones are logged at most once a minute while they go on.
final class AcceptErrorLog: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    static let repeatEvery = TimeAmount.seconds(60)

    private let logger: Logger
    private var failing = false
    private var lastLogged = NIODeadline.distantPast
    private var unlogged = 0

    init(logger: Logger) { self.logger = logger }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if failing {
            failing = false
            logger.notice("accepting connections again")
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is IOError {
            let now = NIODeadline.now()
            if !failing || now - lastLogged >= Self.repeatEvery {
                logger.warning(
                    "cannot accept connections; accepting again in a second",
                    metadata: ["error": "\(error)", "errors.unlogged": "\(unlogged)"])
                lastLogged = now
                unlogged = 0
            } else {
                unlogged += 1
            }
            failing = true
        }
        context.fireErrorCaught(error)
    }
}

extension AcceptErrorLog {
    /// Puts the handler first on a running listener's pipeline (Hummingbird's `onServerRunning`).
    static func install(on listener: any Channel, logger: Logger) async {
        do {
            try await listener.eventLoop.submit {
                try listener.pipeline.syncOperations.addHandler(AcceptErrorLog(logger: logger), position: .first)
            }.get()
        } catch {
            logger.error("cannot watch the listener's accept errors", metadata: ["error": "\(error)"])
        }
    }
}
