import Core
import Foundation
import PostgresNIO

/// Appends an immutable event to a job's log; `actor` is the subject of the caller that caused it.
enum JobEventWriter {
    static func append(
        _ kind: JobEvent.Kind, jobID: UUID, data: [String: String] = [:], actor: String? = nil,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO gateway.job_events (job_id, kind, data, actor)
            VALUES (\(jobID), \(kind.rawValue), \(json)::jsonb, \(actor))
            """, logger: logger)
    }
}
