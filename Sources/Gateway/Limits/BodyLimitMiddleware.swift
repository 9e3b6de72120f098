import Hummingbird
import NIOCore

/// Reads a request's body into memory before the route does, within two limits: one body's size (413
/// `body_too_large`, from `Content-Length` before a byte of the body is read, else when the body passes it) and the
/// bytes all bodies in memory may hold at once (``BodyBudget``: 503 `server_busy` when it is spent).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int
    let budget: BodyBudget

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        let chunked = request.headers[.transferEncoding]?.lowercased().contains("chunked") ?? false
        if let declared, declared > maxBytes { throw Self.tooLarge(maxBytes) }
        guard (declared ?? 0) > 0 || chunked else { return try await next(request, context) }
        let reserved = declared ?? maxBytes
        guard budget.reserve(reserved) else {
            throw APIError(
                .serviceUnavailable, "server_busy", "the gateway holds as many request bodies as it may; try again",
                headers: [.retryAfter: "1"])
        }
        defer { budget.release(reserved) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(maxBytes)
        }
        return try await next(request, context)
    }

    static func tooLarge(_ maxBytes: Int) -> APIError {
        APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(maxBytes) bytes")
    }
}
