import Hummingbird

/// 429 `rate_limited` once a caller has used its bucket: per client address before the token is read, per token
/// subject after (``JWTAuthenticator`` sets it).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    enum Key: Sendable {
        case clientAddress
        case subject
    }

    let key: Key
    let limiter: RateLimiter

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        switch key {
        case .clientAddress:
            if let address = context.clientAddress { try limiter.take(address, what: "requests from \(address)") }
        case .subject:
            if let subject = context.subject { try limiter.take(subject, what: "requests for this token") }
        }
        return try await next(request, context)
    }
}

/// The stricter bucket of failed authentications per client address: each 401 takes a token, and an address with
/// none left gets 429 before its token is even checked, so guessing tokens costs a guesser its rate.
struct AuthFailureLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let limiter: RateLimiter

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let address = context.clientAddress else { return try await next(request, context) }
        try limiter.requireToken(address, what: "failed authentications from \(address)")
        do {
            return try await next(request, context)
        } catch let error as APIError where error.status == .unauthorized {
            limiter.charge(address)
            throw error
        }
    }
}
