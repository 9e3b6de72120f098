import Foundation
import Gateway
import GatewayTestSupport
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Database pool: GATEWAY_DATABASE_CONNECTIONS")
struct DatabasePoolTests {
    /// 3 leaves no room for the job reads' own connections; with 12, two of them are the reads'.
    @Test(
        "the gateway opens at most the connections configured, however many requests come at once",
        arguments: [3, 12])
    func poolLimit(connections: Int) async throws {
        try await withApp(templates: shippedTemplates, configure: { $0.databaseConnections = connections }) {
            client, token, context in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "pool", "uri": "sim://pool"])
            let id = try await client.submit(printer: "pool", zpl: zplLabels(2), token: token)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await client.call(.get, "/v1/jobs/\(id)", token: token).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 24))
            let opened = try await context.database.withClient { admin in
                try await admin.query(
                    "SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'print-gateway http-test'"
                ).collect().first?.decode(Int.self) ?? 0
            }
            #expect((1...connections).contains(opened), "\(opened) connections open")
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(Exposition(text).value("gateway_database_pool_max_connections") == Double(connections))
        }
    }
}
