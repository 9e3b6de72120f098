import Core
import Foundation
import PostgresNIO

extension DashboardRepository {
    /// The gateway processes, the sites left without one, the queue, and labels printed and failed per hour.
    public func healthFigures() async throws -> HealthFigures {
        let gateways = try await rows(
            """
            SELECT owner, site, last_seen_at,
                   last_seen_at > now() - make_interval(secs => \(LiveGateways.staleAfterSeconds)) AS alive
            FROM gateway.gateways ORDER BY site, owner
            """
        ).map { row in
            let (owner, site, seen, alive) = try row.decode((String, String, Date, Bool).self)
            return HealthFigures.GatewayProcess(owner: owner, site: site, lastSeenAt: seen, alive: alive)
        }
        let sites = try await rows(
            """
            SELECT DISTINCT p.site FROM gateway.printers p
            WHERE p.deleted_at IS NULL AND NOT \(unescaped: LiveGateways.liveGatewayCondition)
            ORDER BY p.site
            """
        ).map { try $0.decode(String.self) }
        let queue = try await rows(
            "SELECT count(*) FROM gateway.jobs WHERE status IN ('queued', 'printing') AND deleted_at IS NULL")
        let oldest = try await rows(
            """
            SELECT j.id, j.created_at,
                   CASE WHEN j.waiting_reason IS NULL AND NOT \(unescaped: LiveGateways.liveGatewayCondition)
                        THEN 'no_gateway_for_site' ELSE j.waiting_reason END
            FROM gateway.jobs j JOIN gateway.printers p ON p.id = j.printer_id
            WHERE j.status = 'queued' AND j.deleted_at IS NULL
            ORDER BY j.created_at, j.id LIMIT 1
            """
        ).first.map { try $0.decode((UUID, Date, String?).self) }
        return HealthFigures(
            gateways: gateways, sitesWithoutGateway: sites,
            queueDepth: Int(try queue.first?.decode(Int64.self) ?? 0),
            oldestQueued: oldest.map { (id: $0.0, createdAt: $0.1, waitingReason: $0.2) },
            printedPerHour: try await hourly(
                """
                SELECT date_trunc('hour', printed_at), count(*) FROM gateway.job_labels
                WHERE printed_at >= date_trunc('hour', now()) - interval '23 hours'
                GROUP BY 1
                """),
            failedPerHour: try await hourly(
                """
                SELECT date_trunc('hour', completed_at), sum(failed_count)::bigint FROM gateway.jobs
                WHERE failed_count > 0 AND completed_at >= date_trunc('hour', now()) - interval '23 hours'
                GROUP BY 1
                """))
    }

    private func hourly(_ query: PostgresQuery) async throws -> [HealthFigures.Hourly] {
        try await rows(query).map { row in
            let (hour, count) = try row.decode((Date, Int64).self)
            return HealthFigures.Hourly(hour: hour, count: Int(count))
        }.sorted { $0.hour < $1.hour }
    }
}
