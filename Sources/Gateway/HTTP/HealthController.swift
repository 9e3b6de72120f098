import Core
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Store

/// `/health`, `/ready` and `/metrics`: no token needed.
struct HealthController {
    let migrator: Migrator
    let metrics: MetricsReader
    let activePrinters: @Sendable () -> Int

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("health") { _, _ in Status(status: "ok", components: nil) }
        router.get("ready", use: ready)
        router.get("metrics", use: metricsText)
    }

    struct Status: ResponseEncodable {
        let status: String
        let components: [String: String]?
    }

    @Sendable func ready(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<Status> {
        var components: [String: String] = [:]
        do {
            let upToDate = try await withTimeout(.seconds(5)) { try await migrator.isUpToDate() }
            components["database"] = "ok"
            components["migrations"] = upToDate ? "ok" : "pending"
        } catch {
            components["database"] = "unavailable"
            components["migrations"] = "unknown"
        }
        let ready = components.values.allSatisfy { $0 == "ok" }
        return EditedResponse(
            status: ready ? .ok : .serviceUnavailable,
            response: Status(status: ready ? "ok" : "unavailable", components: components))
    }

    @Sendable func metricsText(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var text = try await withTimeout(.seconds(5)) { try await metrics.exposition() }
        text += "# HELP gateway_engine_active_printers Printers this process drives now.\n"
        text += "# TYPE gateway_engine_active_printers gauge\n"
        text += "gateway_engine_active_printers \(activePrinters())\n"
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Runs `body`, failing with ``StoreError/unavailable`` when it takes longer than `limit` (``withDeadline(_:timeout:_:)``).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withDeadline(limit, timeout: { StoreError(.unavailable, "no answer within \(limit)") }, body)
}
