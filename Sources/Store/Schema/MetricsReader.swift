import Logging
import PostgresNIO

/// Prometheus gauges read from the database: jobs by status, labels printed, printers by state.
public struct MetricsReader: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func exposition() async throws -> String {
        var text = "# HELP gateway_jobs Jobs by status.\n# TYPE gateway_jobs gauge\n"
        let jobs = try await client.run(
            "SELECT status, count(*), coalesce(sum(labels_done), 0)::bigint FROM gateway.jobs GROUP BY status ORDER BY status",
            logger: logger)
        var printed: Int64 = 0
        for row in jobs {
            let (status, count, done) = try row.decode((String, Int64, Int64).self)
            text += "gateway_jobs{status=\"\(status)\"} \(count)\n"
            printed += done
        }
        text +=
            "# HELP gateway_labels_confirmed Labels confirmed by printers.\n# TYPE gateway_labels_confirmed counter\n"
        text += "gateway_labels_confirmed \(printed)\n"
        text += "# HELP gateway_printers Printers by last known state.\n# TYPE gateway_printers gauge\n"
        let printers = try await client.run(
            """
            SELECT s.status_state, count(*) FROM gateway.printers p
            JOIN gateway.printer_states s ON s.printer_id = p.id
            WHERE p.deleted_at IS NULL GROUP BY s.status_state ORDER BY 1
            """, logger: logger)
        for row in printers {
            let (state, count) = try row.decode((String, Int64).self)
            text += "gateway_printers{state=\"\(state)\"} \(count)\n"
        }
        return text
    }
}
