import Core
import Foundation
import Hummingbird
import Synchronization

/// The request context of every route: JSON with RFC 3339 dates, the caller's address, and, once authenticated,
/// who the caller is and what the token may do.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who called, from where and with what scope, shared by every copy of this context: the access log, outside
    /// the middleware that find them, reads what they found.
    let caller: Caller
    /// The connection's peer address, nil when there is no socket (the router tests).
    let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        caller = Caller(clientAddress: peerAddress)
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

    /// Who calls: the peer, or the client a trusted proxy names (``ClientAddressMiddleware``).
    public var clientAddress: String? {
        get { caller.identity.withLock { $0.clientAddress } }
        nonmutating set { caller.identity.withLock { $0.clientAddress = newValue } }
    }

    public var responseEncoder: GatewayResponseEncoder { GatewayResponseEncoder.shared }
}

/// Every response's JSON: compact, keys sorted, dates in RFC 3339 with fractional seconds
/// (``CompactJSONEncoder``).
public struct GatewayResponseEncoder: ResponseEncoder, Sendable {
    static let shared = GatewayResponseEncoder()

    let json: CompactJSONEncoder = {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return CompactJSONEncoder(date: { style.format($0) })
    }()

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws
        -> Response
    {
        let bytes = try json.encode(value)
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The authenticated caller of one request.
final class Caller: Sendable {
    struct Identity {
        var subject: String?
        var scope: Scope?
        var clientAddress: String?
    }
    let identity: Mutex<Identity>

    init(clientAddress: String?) {
        identity = Mutex(Identity(clientAddress: clientAddress))
    }
}
