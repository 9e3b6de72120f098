import Core
import Foundation
import Logging
import PostgresNIO

/// Binds allocated lots to the labels of an original job, in the job's transaction.
enum LotBinding {
    /// Fails with `conflict` naming every lot that was never allocated, is used twice in the job, or is already
    /// bound to another label (``LotConflict``).
    static func bind(_ uses: [LotUse], jobID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        guard !uses.isEmpty else { return }
        let repeats = LotConflict.repeats(in: uses)
        guard repeats.isEmpty else { throw LotConflict.error(repeats) }
        let lots = uses.map(\.lot)
        let bound = try await connection.rows(
            """
            UPDATE gateway.lots l SET job_id = \(jobID), label_number = t.n, bound_at = now()
            FROM unnest(\(lots)::text[], \(uses.map(\.label))::integer[]) AS t(lot, n)
            WHERE l.lot = t.lot AND l.job_id IS NULL
            RETURNING l.lot
            """, logger: logger)
        guard bound.count < uses.count else { return }
        let boundLots = Set(try bound.map { try $0.decode(String.self) })
        let missing = lots.filter { !boundLots.contains($0) }
        let existing = try await connection.rows(
            "SELECT lot, job_id, label_number FROM gateway.lots WHERE lot = ANY(\(missing)::text[])", logger: logger)
        var known: [String: (UUID?, Int?)] = [:]
        for row in existing {
            let (lot, job, number) = try row.decode((String, UUID?, Int?).self)
            known[lot] = (job, number)
        }
        throw LotConflict.error(
            missing.map { lot in
                if let (job, number) = known[lot], let job, let number {
                    return .alreadyPrinted(lot: lot, jobID: job, label: number)
                }
                return .notAllocated(lot: lot)
            })
    }
}
