import Core
import Foundation
import Logging
import PostgresNIO

/// The numbers the gateway publishes as gauges, read from the database in one pass (what every gateway of the
/// database sees alike: jobs, printers, live gateways per site, and this process's own connections).
public struct MetricsReader: Sendable {
    let client: PostgresClient
    /// The `application_name` this process's connections carry.
    let applicationName: String?
    let logger: Logger

    public init(client: PostgresClient, applicationName: String? = nil, logger: Logger) {
        self.client = client
        self.applicationName = applicationName
        self.logger = logger
    }

    public func snapshot() async throws -> StoreMetrics {
        var metrics = StoreMetrics()
        let jobs = try await client.run(
            """
            SELECT status, waiting_reason, count(*), coalesce(sum(labels_done), 0)::bigint
            FROM gateway.jobs GROUP BY status, waiting_reason
            """, logger: logger)
        for row in jobs {
            let (status, reason, count, done) = try row.decode((String, String?, Int64, Int64).self)
            guard let status = JobStatus(rawValue: status) else { continue }
            metrics.jobs[status, default: 0] += Int(count)
            metrics.labelsConfirmed += Int(done)
            if status == .queued, let reason = reason.flatMap(WaitingReason.init(rawValue:)) {
                metrics.waitingJobs[reason, default: 0] += Int(count)
            }
        }
        metrics.printers = try await printerLoads()
        metrics.liveGateways = try await liveGateways()
        if let applicationName { metrics.connections = try await connections(applicationName) }
        return metrics
    }

    private func printerLoads() async throws -> [PrinterLoad] {
        let rows = try await client.run(
            """
            SELECT p.name, p.site, coalesce(s.status_state, 'unknown'), coalesce(s.status_reasons, '{}'),
                   count(j.id), coalesce(sum(j.label_count - j.labels_done), 0)::bigint,
                   coalesce(extract(epoch FROM now() - min(j.created_at) FILTER (WHERE j.status = 'queued')), 0)::float8
            FROM gateway.printers p
            LEFT JOIN gateway.printer_states s ON s.printer_id = p.id
            LEFT JOIN gateway.jobs j ON j.printer_id = p.id AND j.status IN ('queued', 'printing')
            WHERE p.deleted_at IS NULL
            GROUP BY p.id, p.name, p.site, s.status_state, s.status_reasons ORDER BY p.name
            """, logger: logger)
        var loads: [PrinterLoad] = []
        for row in rows {
            let (name, site, state, reasons, jobs, labels, age) = try row.decode(
                (String, String, String, [String], Int64, Int64, Double).self)
            loads.append(
                PrinterLoad(
                    name: name, site: site, state: PrinterState(rawValue: state) ?? .unknown,
                    reasons: reasons.map { PrinterReason(rawValue: $0) ?? .other }, queuedJobs: Int(jobs),
                    queuedLabels: Int(labels), oldestQueuedAge: age))
        }
        return loads
    }

    /// For every site that has printers: the gateways alive for it (its own and those driving every site).
    private func liveGateways() async throws -> [String: Int] {
        let rows = try await client.run(
            """
            SELECT sites.site, count(g.id) FROM (SELECT DISTINCT site FROM gateway.printers WHERE deleted_at IS NULL) sites
            LEFT JOIN gateway.gateways g ON (g.site = '' OR g.site = sites.site)
                AND g.last_seen_at > now() - make_interval(secs => \(LiveGateways.staleAfterSeconds))
            GROUP BY sites.site
            """, logger: logger)
        var live: [String: Int] = [:]
        for row in rows {
            let (site, count) = try row.decode((String, Int64).self)
            live[site] = Int(count)
        }
        return live
    }

    /// This process's connections to the database by state (`active`, `idle`, …), from `pg_stat_activity`.
    private func connections(_ applicationName: String) async throws -> [String: Int] {
        let rows = try await client.run(
            """
            SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity
            WHERE application_name = \(applicationName) AND datname = current_database() GROUP BY 1
            """, logger: logger)
        var connections: [String: Int] = [:]
        for row in rows {
            let (state, count) = try row.decode((String, Int64).self)
            connections[state] = Int(count)
        }
        return connections
    }
}
