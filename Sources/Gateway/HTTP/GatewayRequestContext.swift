import Foundation
import Hummingbird
import Synchronization

/// The request context of every route: JSON with RFC 3339 dates, the caller's address, and, once authenticated,
/// who the caller is and what the token may do.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (without its port); nil for a connection that has none, such as a test's.
    public var clientAddress: String?
    /// Who called and with what scope, shared by every copy of this context: the access log, outside the
    /// authentication, reads what the authentication found.
    let caller = Caller()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The `sub` claim of the caller's token.
    public var subject: String? {
        get { caller.identity.withLock { $0.subject } }
        nonmutating set { caller.identity.withLock { $0.subject = newValue } }
    }

    /// What the caller's token may do; nil before authentication or when its `scope` names no scope we know.
    public var scope: Scope? {
        get { caller.identity.withLock { $0.scope } }
        nonmutating set { caller.identity.withLock { $0.scope = newValue } }
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

/// The authenticated caller of one request.
final class Caller: Sendable {
    struct Identity {
        var subject: String?
        var scope: Scope?
    }
    let identity = Mutex(Identity())
}
