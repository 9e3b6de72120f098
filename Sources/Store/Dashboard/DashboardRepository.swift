import Core
import Foundation
import Logging
import PostgresNIO

/// What the operator dashboard reads: printers with what they are doing, jobs filtered and searched, one job with
/// its labels, history and reprints, and the figures of the health page. Reads only; every query is served by an
/// index (migration 0010), so pages stay fast on a long history.
public struct DashboardRepository: Sendable {
    let client: PostgresClient
    let transports: TransportRegistry
    let logger: Logger
    /// How long one page's query may take before the page says the database is unavailable.
    let timeout: Duration

    public init(
        client: PostgresClient, transports: TransportRegistry = TransportRegistry(), timeout: Duration = .seconds(10),
        logger: Logger
    ) {
        self.client = client
        self.transports = transports
        self.timeout = timeout
        self.logger = logger
    }

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.run(query, timeout: timeout, logger: logger)
    }

    /// Jobs decoded from rows of ``JobRow/columns`` and ``JobRow/printerURI``, with the confirmation their
    /// printer's URI gives.
    func jobs(_ query: PostgresQuery) async throws -> [Job] {
        try await rows(query).map { row in
            let columns = row.makeRandomAccess()
            var job = try JobRow.decode(columns)
            job.confirmation = try columns["printer_uri"].decode(String?.self).flatMap(transports.confirmation(for:))
            return job
        }
    }
}
