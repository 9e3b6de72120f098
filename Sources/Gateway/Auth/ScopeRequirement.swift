import Hummingbird

/// Lets a request through only when its token's scope includes ``required`` (403 `insufficient_scope` otherwise).
/// Runs after ``JWTAuthenticator``.
struct ScopeRequirement: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let required: Scope

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let granted = context.scope, granted >= required else {
            let has = context.scope.map { "the '\($0)' scope" } ?? "no scope the gateway knows"
            throw APIError(
                .forbidden, "insufficient_scope",
                "this route needs a token with the '\(required)' scope (or a wider one); this token has \(has)",
                details: ["required_scope": .string(required.rawValue)])
        }
        return try await next(request, context)
    }
}

extension RouterGroup<GatewayRequestContext> {
    /// The routes of this group that need a token with `scope`.
    func requiring(_ scope: Scope) -> RouterGroup<GatewayRequestContext> {
        group().add(middleware: ScopeRequirement(required: scope))
    }
}
