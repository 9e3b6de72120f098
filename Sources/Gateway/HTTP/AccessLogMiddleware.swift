import Hummingbird
import Logging

/// One line per request, at `info` under the label `access`: method, route pattern (`/v1/jobs/{id}`, never the
/// path with its ids and query), status, duration, the token's subject and the client's address. Never a body, a
/// query string or a header, so no token or label data reaches the log.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let logger: Logger

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard logger.logLevel <= .info else { return try await next(request, context) }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context, status: Int(status), since: start)
            throw error
        }
    }

    /// The probes' routes, asked every few seconds: their successes are logged at `debug` only.
    static let probes: Set<String> = ["/health", "/ready", "/metrics"]

    private func log(
        _ request: Request, _ context: GatewayRequestContext, status: Int, since start: ContinuousClock.Instant
    ) {
        let elapsed = (ContinuousClock.now - start).components
        let microseconds = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
        let route = context.endpointPath ?? "unmatched"
        let level: Logger.Level = status < 400 && Self.probes.contains(route) ? .debug : .info
        logger.log(
            level: level, "request",
            metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.route": "\(context.endpointPath ?? "unmatched")",
                "http.status": "\(status)",
                "duration_ms": "\(Double(microseconds) / 1000)",
                "subject": "\(context.subject ?? "-")",
                "client": "\(context.clientAddress ?? "-")",
            ])
    }
}
