import Hummingbird
import Store

/// Answers 503 at once while the database is known to be down (probed every second), instead of letting the
/// request wait for a connection that cannot be made.
struct DatabaseGuardMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let health: DatabaseHealth

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard health.isReachable else { throw Self.unavailable }
        return try await next(request, context)
    }

    static let unavailable = APIError(
        .serviceUnavailable, "database_unavailable",
        "the database is unavailable; nothing was changed: try again shortly (with the same idempotency_key)")
}
