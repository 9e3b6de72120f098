import Foundation
import GatewayTestSupport
import PostgresNIO
import Testing

@Suite("The outbox's order: events are read in the order their transactions commit")
struct EventOrderTests {
    @Test("a transaction that appends first and commits last: its event does not appear below one already read")
    func nothingAppearsBelowWhatWasRead() async throws {
        try await withHarness { h in
            try await h.client.withConnection { first in
                _ = try await first.query("BEGIN", logger: TestDatabase.logger)
                _ = try await first.query(
                    "SELECT gateway.append_event('test.first', NULL, NULL, '{}'::jsonb)", logger: TestDatabase.logger)
                // A second transaction appends and commits while the first is open (or waits for it, which keeps
                // the promise too).
                let second = Task {
                    try await h.client.withConnection { connection in
                        _ = try await connection.query(
                            "SELECT gateway.append_event('test.second', NULL, NULL, '{}'::jsonb)",
                            logger: TestDatabase.logger)
                    }
                }
                // Read once the second has committed; a second that waits for the first never shows, and after
                // 5 s the (empty) read is checked as it is.
                let read = try await eventually(timeout: .seconds(5)) {
                    try await sequences(h.client)
                } until: {
                    !$0.isEmpty
                }
                _ = try await first.query("COMMIT", logger: TestDatabase.logger)
                try await second.value
                let all = try await sequences(h.client)
                #expect(all.count == 2)
                let horizon = read.map(\.sequence).max() ?? 0
                #expect(
                    all.filter { $0.sequence <= horizon }.map(\.type) == read.map(\.type),
                    "read at first: \(read); all after both commits: \(all)")
            }
        }
    }

    private func sequences(_ client: PostgresClient) async throws -> [(sequence: Int64, type: String)] {
        try await client.query(
            "SELECT sequence, type FROM gateway.events WHERE type LIKE 'test.%' ORDER BY sequence"
        ).collect().map { try $0.decode((Int64, String).self) }
    }
}
