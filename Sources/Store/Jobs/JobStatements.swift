import Core
import Foundation
import PostgresNIO

/// The API's hot reads as prepared statements: each connection parses and plans them once, then only binds and
/// executes them.
enum JobStatements {
    /// A job and the URI of its printer, by id: all that the job resource shows, in one query.
    struct Find: JobStatement {
        static let sql = """
            SELECT \(JobRow.columns), \(JobRow.printerURI) FROM \(JobRow.from)
            WHERE j.id = $1 AND j.deleted_at IS NULL
            """
        typealias Row = (job: Job, printerURI: String?)

        let jobID: UUID

        func decodeRow(_ row: PostgresRow) throws -> Row { try JobRow.decodeWithPrinterURI(row) }
    }

    /// Every label of a job, in order.
    struct Labels: JobStatement {
        static let sql =
            "SELECT number, status, lot, printed_at FROM gateway.job_labels WHERE job_id = $1 ORDER BY number"
        typealias Row = JobLabel

        let jobID: UUID

        func decodeRow(_ row: PostgresRow) throws -> JobLabel {
            let (number, status, lot, printedAt) = try row.decode((Int, String, String?, Date?).self)
            return JobLabel(
                number: number, status: LabelStatus(rawValue: status) ?? .pending, lot: lot, printedAt: printedAt)
        }
    }

    /// A job's history, oldest first.
    struct Events: JobStatement {
        static let sql =
            "SELECT id, kind, data::text, created_at, actor FROM gateway.job_events WHERE job_id = $1 ORDER BY id"
        typealias Row = JobEvent

        let jobID: UUID

        func decodeRow(_ row: PostgresRow) throws -> JobEvent {
            let (id, kind, data, createdAt, actor) = try row.decode((Int64, String, String, Date, String?).self)
            let values = (try? JSONDecoder().decode([String: String].self, from: Data(data.utf8))) ?? [:]
            return JobEvent(
                id: id, jobID: jobID, kind: .init(rawValue: kind), data: values, createdAt: createdAt, actor: actor)
        }
    }
}

/// A prepared statement whose one parameter is a job's id (`$1`).
protocol JobStatement: PostgresPreparedStatement {
    var jobID: UUID { get }
}

extension JobStatement {
    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(jobID)
        return bindings
    }
}
