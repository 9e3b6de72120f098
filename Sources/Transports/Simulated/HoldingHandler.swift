import NIOCore

/// Keeps what an accepted connection receives until the server starts serving it.
///
/// A client may send its labels and close at once, as the CUPS socket backend does after every job. On that end
/// of input NIO reads the connection's last bytes and reports the half-close straight away, even before anyone
/// reads; without this handler both went to the end of an empty pipeline and were lost, and the server then
/// waited for an end that had already come. Removing the handler hands everything it kept, in order, to the
/// handlers added after it.
final class HoldingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Held {
        case read(NIOAny)
        case event(Any)
        case error(any Error)
    }

    private var held: [Held] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        held.append(.read(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        held.append(.event(event))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        held.append(.error(error))
    }

    func removeHandler(context: ChannelHandlerContext, removalToken: ChannelHandlerContext.RemovalToken) {
        let held = self.held
        self.held = []
        for item in held {
            switch item {
            case .read(let data): context.fireChannelRead(data)
            case .event(let event): context.fireUserInboundEventTriggered(event)
            case .error(let error): context.fireErrorCaught(error)
            }
        }
        if held.contains(where: { if case .read = $0 { true } else { false } }) {
            context.fireChannelReadComplete()
        }
        context.leavePipeline(removalToken: removalToken)
    }
}
