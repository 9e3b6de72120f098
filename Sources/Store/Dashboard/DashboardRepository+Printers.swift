import Core
import Foundation
import PostgresNIO

extension DashboardRepository {
    /// Every printer (or the one named `name`) with its current job, queue depth, last label and labels today.
    public func printers(named name: String? = nil) async throws -> [PrinterActivity] {
        // The last label: the printer's newest job with a confirmed label (jobs_printer_newest), then that job's
        // latest `printed_at` (its labels by number). Today's labels: the printed_at index, counted per job first.
        let rows = try await rows(
            """
            SELECT \(unescaped: PrinterRow.columns),
                   (SELECT count(*) FROM gateway.jobs q
                    WHERE q.printer_id = p.id AND q.status IN ('queued', 'printing')) AS queue_depth,
                   last.job_id AS last_job_id, last.printed_at AS last_printed_at,
                   coalesce(today.labels, 0) AS printed_today
            FROM \(unescaped: PrinterRow.from)
            LEFT JOIN LATERAL (
                SELECT j.id AS job_id,
                       (SELECT max(jl.printed_at) FROM gateway.job_labels jl WHERE jl.job_id = j.id) AS printed_at
                FROM gateway.jobs j
                WHERE j.printer_id = p.id AND j.labels_done > 0
                ORDER BY j.created_at DESC, j.id DESC
                LIMIT 1
            ) last ON true
            LEFT JOIN (
                SELECT j.printer_id, sum(t.labels)::bigint AS labels
                FROM (
                    SELECT job_id, count(*) AS labels FROM gateway.job_labels
                    WHERE printed_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                    GROUP BY job_id
                ) t JOIN gateway.jobs j ON j.id = t.job_id
                GROUP BY j.printer_id
            ) today ON today.printer_id = p.id
            WHERE p.deleted_at IS NULL AND (\(name)::text IS NULL OR p.name = \(name))
            ORDER BY p.name
            """)
        let current = try await currentJobs(printerName: name)
        return try rows.map { row in
            let record = try PrinterRow.decodeRecord(row)
            let columns = row.makeRandomAccess()
            return PrinterActivity(
                record: record, currentJob: current[record.printer.id],
                queueDepth: Int(try columns["queue_depth"].decode(Int64.self)),
                lastPrintedAt: try columns["last_printed_at"].decode(Date?.self),
                lastPrintedJobID: try columns["last_job_id"].decode(UUID?.self),
                printedToday: Int(try columns["printed_today"].decode(Int64.self)))
        }
    }

    /// Per printer, the job it prints, or else the oldest of its queue (jobs_unfinished).
    private func currentJobs(printerName: String?) async throws -> [UUID: Job] {
        let jobs = try await jobs(
            """
            SELECT DISTINCT ON (j.printer_id) \(unescaped: JobRow.columns), \(unescaped: JobRow.printerURI)
            FROM \(unescaped: JobRow.from)
            WHERE j.status IN ('queued', 'printing') AND j.deleted_at IS NULL
              AND (\(printerName)::text IS NULL OR p.name = \(printerName))
            ORDER BY j.printer_id, j.status = 'printing' DESC, j.created_at, j.id
            """)
        return Dictionary(jobs.map { ($0.printerID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The unfinished jobs of one printer, oldest first (the order they print in), at most `limit`.
    public func queue(printerID: UUID, limit: Int) async throws -> [Job] {
        try await jobs(
            """
            SELECT \(unescaped: JobRow.columns), \(unescaped: JobRow.printerURI) FROM \(unescaped: JobRow.from)
            WHERE j.printer_id = \(printerID) AND j.status IN ('queued', 'printing') AND j.deleted_at IS NULL
            ORDER BY j.created_at, j.id
            LIMIT \(limit)
            """)
    }

    /// Every printer's name and site, by name: the job list's filters.
    public func printerNames() async throws -> [(name: String, site: String)] {
        try await rows("SELECT name, site FROM gateway.printers WHERE deleted_at IS NULL ORDER BY name").map {
            let (name, site) = try $0.decode((String, String).self)
            return (name: name, site: site)
        }
    }
}
