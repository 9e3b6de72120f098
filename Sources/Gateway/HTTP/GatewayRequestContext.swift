import Foundation
import Hummingbird

/// The request context of every route: JSON with RFC 3339 dates, and the caller's token subject once authenticated.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The `sub` claim of the caller's token.
    public var subject: String?
    /// Who calls: the peer, or the client a trusted proxy names (``ClientAddressMiddleware``).
    public var clientAddress: String?
    /// The connection's peer address, nil when there is no socket (the router tests).
    let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    public var responseEncoder: JSONEncoder { Self.encoder }

    /// One for every response: its settings never change after this.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(style.format(date))
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
