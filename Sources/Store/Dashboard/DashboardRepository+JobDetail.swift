import Core
import Foundation
import PostgresNIO

extension DashboardRepository {
    /// The most labels a job's page lists.
    public static let labelLimit = 1000

    /// The job `id` (nil when there is none) with its labels, history, reprint family and the ZPL of label
    /// `zplNumber`.
    public func job(id: UUID, zplNumber: Int = 1) async throws -> JobDetail? {
        guard
            let job = try await jobs(
                """
                SELECT \(unescaped: JobRow.columns), \(unescaped: JobRow.printerURI) FROM \(unescaped: JobRow.from)
                WHERE j.id = \(id) AND j.deleted_at IS NULL
                """
            ).first
        else { return nil }
        let labels = try await rows(
            """
            SELECT number, status, lot, printed_at FROM gateway.job_labels WHERE job_id = \(id)
            ORDER BY number LIMIT \(Self.labelLimit)
            """
        ).map { row in
            let (number, status, lot, printedAt) = try row.decode((Int, String, String?, Date?).self)
            return JobLabel(
                number: number, status: LabelStatus(rawValue: status) ?? .pending, lot: lot, printedAt: printedAt)
        }
        let history = try await client.run(JobStatements.Events(jobID: id), timeout: timeout, logger: logger)
        return JobDetail(
            job: job, labels: labels, history: history, lineage: try await lineage(of: id),
            zpl: try await zpl(jobID: id, number: zplNumber), zplNumber: zplNumber)
    }

    /// The family of reprints `id` belongs to: up to its original, then down through every reprint (jobs_reprint_of).
    func lineage(of id: UUID) async throws -> [JobDetail.LineageEntry] {
        try await rows(
            """
            WITH RECURSIVE up AS (
                SELECT id, reprint_of_job_id, 0 AS depth FROM gateway.jobs WHERE id = \(id)
                UNION ALL
                SELECT j.id, j.reprint_of_job_id, up.depth + 1 FROM gateway.jobs j JOIN up ON j.id = up.reprint_of_job_id
                WHERE up.depth < 100
            ), root AS (
                SELECT id FROM up ORDER BY depth DESC LIMIT 1
            ), down AS (
                SELECT j.id, j.reprint_of_job_id, j.status, j.label_count, j.created_at, 0 AS depth
                FROM gateway.jobs j JOIN root ON j.id = root.id
                UNION ALL
                SELECT j.id, j.reprint_of_job_id, j.status, j.label_count, j.created_at, down.depth + 1
                FROM gateway.jobs j JOIN down ON j.reprint_of_job_id = down.id
                WHERE down.depth < 100
            )
            SELECT id, reprint_of_job_id, status, label_count, created_at FROM down ORDER BY created_at, id LIMIT 200
            """
        ).map { row in
            let (id, original, status, count, created) = try row.decode((UUID, UUID?, String, Int, Date).self)
            return .init(
                id: id, reprintOf: original, status: JobStatus(rawValue: status) ?? .queued, labelCount: count,
                createdAt: created)
        }
    }

    /// The ZPL label `number` of a job was printed from; nil when it has been pruned (or there is no such label).
    public func zpl(jobID: UUID, number: Int) async throws -> String? {
        let rows = try await rows(
            "SELECT body, encoding FROM gateway.label_documents WHERE job_id = \(jobID) AND number = \(number)")
        guard let row = rows.first else { return nil }
        let (body, encoding) = try row.decode((ByteBuffer, String).self)
        return try LabelDocumentCodec.decode(body, encoding: encoding)
    }
}
