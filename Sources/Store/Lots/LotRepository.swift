import Core
import Foundation
import Logging
import PostgresNIO

/// Lot numbers: allocated from PostgreSQL in one statement per request, unique for ever, never handed out twice.
///
/// A lot reads `<prefix><YYMMDD><counter>`: the day (UTC) it was allocated and a per-day counter of at least
/// `digits` digits, e.g. `L2611220001`.
public struct LotRepository: LotStore {
    public struct Format: Sendable, Hashable {
        public var prefix: String
        public var digits: Int
        public init(prefix: String = "L", digits: Int = 4) {
            self.prefix = prefix
            self.digits = digits
        }
    }

    let client: PostgresClient
    let format: Format
    let logger: Logger

    public init(client: PostgresClient, format: Format = Format(), logger: Logger) {
        self.client = client
        self.format = format
        self.logger = logger
    }

    public func allocate(count: Int) async throws -> [String] {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.rows(
                """
                INSERT INTO gateway.lot_counters (prefix, day, last_value)
                VALUES (\(format.prefix), (now() AT TIME ZONE 'UTC')::date, \(count))
                ON CONFLICT (prefix, day) DO UPDATE SET last_value = gateway.lot_counters.last_value + \(count)
                RETURNING last_value, to_char(day, 'YYMMDD')
                """, logger: logger)
            let (last, day) = try rows[0].decode((Int, String).self)
            let lots = ((last - count + 1)...last).map { counter in
                let number = String(counter)
                return format.prefix + day + String(repeating: "0", count: max(0, format.digits - number.count))
                    + number
            }
            try await connection.query(
                "INSERT INTO gateway.lots (lot) SELECT unnest(\(lots)::text[])", logger: logger)
            return lots
        }
    }

    public func find(_ lot: String) async throws -> LotRecord? {
        let rows = try await client.run(
            """
            SELECT l.lot, l.created_at, l.job_id, l.label_number, jl.status, jl.printed_at
            FROM gateway.lots l
            LEFT JOIN gateway.job_labels jl ON jl.job_id = l.job_id AND jl.number = l.label_number
            WHERE l.lot = \(lot)
            """, logger: logger)
        guard let row = rows.first else { return nil }
        let (name, created, job, number, status, printed) = try row.decode(
            (String, Date, UUID?, Int?, String?, Date?).self)
        return LotRecord(
            lot: name, allocatedAt: created, jobID: job, labelNumber: number, labelStatus: status, printedAt: printed)
    }
}
