import Hummingbird

/// Lets a request through only with `Authorization: Bearer <JWT>` that ``GatewayTokens`` accepts, and notes the
/// token's subject and scope on the context.
struct JWTAuthenticator: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let tokens: GatewayTokens

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("the Authorization header must be Bearer <token>")
        }
        let claims: GatewayClaims
        do { claims = try await tokens.verify(String(parts[1])) } catch {
            throw APIError.unauthorized(error.reason)
        }
        context.subject = claims.subject
        context.scope = claims.grantedScope
        return try await next(request, context)
    }
}
