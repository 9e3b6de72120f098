import Core
import Foundation
import PostgresNIO

extension DashboardRepository {
    /// A page of jobs, newest first. A search is looked up first (job id, idempotency key, lot: each a unique or
    /// indexed lookup), then listed with the filters like any other page.
    public func jobs(_ query: JobListQuery) async throws -> JobListPage {
        var ids: [UUID]? = nil
        if let search = query.search {
            ids = try await jobIDs(matching: search)
            if ids?.isEmpty == true { return JobListPage(jobs: [], older: nil, newer: nil) }
        }
        let status: String?
        var waiting = false
        var partial = false
        switch query.filter {
        case .status(let value): status = value.rawValue
        case .waiting: (status, waiting) = (JobStatus.queued.rawValue, true)
        case .partial: (status, partial) = (JobStatus.completed.rawValue, true)
        case nil: status = nil
        }
        var older: JobCursor? = nil
        var newer: JobCursor? = nil
        switch query.position {
        case .olderThan(let text): older = try JobCursor(encoded: text)
        case .newerThan(let text): newer = try JobCursor(encoded: text)
        case nil: break
        }
        // A page before a cursor is read oldest first from it, then turned around.
        let ascending = newer != nil
        let order = ascending ? "ASC" : "DESC"
        let fetched = try await jobs(
            """
            SELECT \(unescaped: JobRow.columns), \(unescaped: JobRow.printerURI) FROM \(unescaped: JobRow.from)
            WHERE j.deleted_at IS NULL
              AND (\(ids)::uuid[] IS NULL OR j.id = ANY(\(ids)::uuid[]))
              AND (\(status)::text IS NULL OR j.status = \(status))
              AND (NOT \(partial) OR j.failed_count > 0)
              AND (\(query.printer)::text IS NULL OR p.name = \(query.printer))
              AND (\(query.site)::text IS NULL OR p.site = \(query.site))
              AND (\(query.from)::timestamptz IS NULL OR j.created_at >= \(query.from))
              AND (\(query.to)::timestamptz IS NULL OR j.created_at < \(query.to))
              AND (\(older?.createdAt)::timestamptz IS NULL
                   OR (j.created_at, j.id) < (\(older?.createdAt), \(older?.id)))
              AND (\(newer?.createdAt)::timestamptz IS NULL
                   OR (j.created_at, j.id) > (\(newer?.createdAt), \(newer?.id)))
              AND (NOT \(waiting) OR j.waiting_reason IS NOT NULL OR NOT \(unescaped: LiveGateways.liveGatewayCondition))
            ORDER BY j.created_at \(unescaped: order), j.id \(unescaped: order)
            LIMIT \(query.limit + 1)
            """)
        var jobs = Array(fetched.prefix(query.limit))
        let more = fetched.count > query.limit
        if ascending { jobs.reverse() }
        let cursor = { (job: Job) in JobCursor(createdAt: job.createdAt, id: job.id).encoded }
        let hasOlder = ascending ? true : more
        let hasNewer = ascending ? more : query.position != nil
        return JobListPage(
            jobs: jobs, older: hasOlder ? jobs.last.map(cursor) : nil, newer: hasNewer ? jobs.first.map(cursor) : nil)
    }

    /// The jobs `text` names: the job with that id, the one with that idempotency key, and those with a label of
    /// that lot (an original and its reprints).
    func jobIDs(matching text: String) async throws -> [UUID] {
        if let id = UUID(uuidString: text) { return [id] }
        let rows = try await rows(
            """
            SELECT id FROM gateway.jobs WHERE idempotency_key = \(text)
            UNION
            SELECT DISTINCT job_id FROM gateway.job_labels WHERE lot = \(text)
            """)
        return try rows.map { try $0.decode(UUID.self) }
    }
}

extension DashboardRepository {
    /// The newest jobs that failed or ended with failed labels (jobs_needing_attention).
    public func jobsNeedingAttention(limit: Int) async throws -> [Job] {
        try await jobs(
            """
            SELECT \(unescaped: JobRow.columns), \(unescaped: JobRow.printerURI) FROM \(unescaped: JobRow.from)
            WHERE (j.status = 'failed' OR (j.status = 'completed' AND j.failed_count > 0)) AND j.deleted_at IS NULL
            ORDER BY j.created_at DESC, j.id DESC
            LIMIT \(limit)
            """)
    }
}
