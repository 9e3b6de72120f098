import Foundation
import Logging
import PostgresNIO

/// Binds allocated lots to the labels of an original job, in the job's transaction.
enum LotBinding {
    /// Fails with `conflict` naming every lot that was never allocated, is used twice in the job, or is already
    /// bound to another label.
    static func bind(
        _ pairs: [(lot: String, number: Int)], jobID: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !pairs.isEmpty else { return }
        var seen: [String: Int] = [:]
        var problems: [String] = []
        for (lot, number) in pairs {
            if let first = seen[lot] {
                problems.append("lot \(lot) is on labels \(first) and \(number) of this job")
            } else {
                seen[lot] = number
            }
        }
        if !problems.isEmpty { throw StoreError(.conflict, problems.joined(separator: "; ")) }
        let lots = pairs.map(\.lot)
        let bound = try await connection.rows(
            """
            UPDATE gateway.lots l SET job_id = \(jobID), label_number = t.n, bound_at = now()
            FROM unnest(\(lots)::text[], \(pairs.map(\.number))::integer[]) AS t(lot, n)
            WHERE l.lot = t.lot AND l.job_id IS NULL
            RETURNING l.lot
            """, logger: logger)
        guard bound.count < pairs.count else { return }
        let boundLots = Set(try bound.map { try $0.decode(String.self) })
        let missing = lots.filter { !boundLots.contains($0) }
        let existing = try await connection.rows(
            "SELECT lot, job_id, label_number FROM gateway.lots WHERE lot = ANY(\(missing)::text[])", logger: logger)
        var known: [String: (UUID?, Int?)] = [:]
        for row in existing {
            let (lot, job, number) = try row.decode((String, UUID?, Int?).self)
            known[lot] = (job, number)
        }
        for lot in missing {
            if let (job, number) = known[lot], let job, let number {
                problems.append("lot \(lot) is already printed by job \(job.uuidString.lowercased()), label \(number)")
            } else {
                problems.append("lot \(lot) was not allocated by this gateway (POST /v1/lots)")
            }
        }
        throw StoreError(.conflict, problems.joined(separator: "; "))
    }
}
