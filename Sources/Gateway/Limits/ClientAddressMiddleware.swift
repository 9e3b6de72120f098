import Core
import HTTPTypes
import Hummingbird

/// Finds who calls (``ForwardedFor``), puts it on the context as `clientAddress`, and answers 403
/// `client_not_allowed` to a client outside `GATEWAY_ALLOWED_CLIENTS`.
///
/// A 403, not a closed connection: the caller (an ERP's log, an operator's curl) learns why, and a trusted proxy's
/// connection carries allowed and refused clients alike. Loopback clients may still ask `/health`, `/ready` and
/// `/metrics`, so that the host's own health checks keep working.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let allowed: [AddressRange]
    let trustedProxies: [AddressRange]

    static let probes: Set<String> = ["/health", "/ready", "/metrics"]

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let peer = context.peerAddress.flatMap { IPAddress($0) }
        let client = ForwardedFor.client(
            peer: peer, forwardedFor: request.headers[values: .xForwardedFor], trustedProxies: trustedProxies)
        context.clientAddress = client?.description
        if !allowed.isEmpty, !(client.map(allowed.containsAddress) ?? false),
            !(client?.isLoopback == true && Self.probes.contains(request.uri.path))
        {
            throw APIError(
                .forbidden, "client_not_allowed",
                "this gateway does not answer \(client?.description ?? "an unknown client"); see GATEWAY_ALLOWED_CLIENTS"
            )
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
