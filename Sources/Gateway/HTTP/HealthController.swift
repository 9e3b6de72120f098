import Core
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Store

/// `/health`, `/ready` and `/metrics`: no token needed.
struct HealthController {
    let migrator: Migrator
    let reader: MetricsReader
    let metrics: GatewayMetrics
    /// The database probe: while it is known to be down, a scrape does not wait for it.
    let health: DatabaseHealth
    let activePrinters: @Sendable () -> Int
    let poolMaximum: Int
    let logger: Logger

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

    /// The registry, after reading the database's numbers into it. Without the database the process's own metrics
    /// are still served, with `gateway_database_up 0`.
    @Sendable func metricsText(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        do {
            guard health.isReachable else { throw StoreError(.unavailable, "the database probe finds it down") }
            let snapshot = try await withTimeout(.seconds(5)) { try await reader.snapshot() }
            metrics.publish(snapshot)
        } catch {
            logger.warning("could not read metrics from the database", metadata: ["error": "\(error)"])
            metrics.publishDatabaseDown()
        }
        metrics.publish(activePrinters: activePrinters(), poolMaximum: poolMaximum)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }
}

/// Runs `body`, failing with ``StoreError/unavailable`` when it takes longer than `limit` (``withDeadline(_:timeout:_:)``).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withDeadline(limit, timeout: { StoreError(.unavailable, "no answer within \(limit)") }, body)
}
