import Core
import GatewayTestSupport
import PostgresNIO
import Store
import Testing

@Suite("Store: the read connections beside the pool")
struct ReadConnectionsTests {
    @Test("job reads go through kept connections, survive their end, and go through the pool once they are closed")
    func readsSurviveLostConnections() async throws {
        try await withTestDatabase { database in
            try await database.withClient { client in
                let h = EngineHarness(client: client, flaky: nil)
                var configuration = PostgresConnection.Configuration(
                    host: database.host, port: database.port, username: "gateway", password: nil,
                    database: database.name, tls: .disable)
                configuration.options.additionalStartupParameters = [("application_name", "read-test")]
                let reads = ReadConnections(configuration: configuration, logger: TestDatabase.logger)
                let jobs = JobRepository(client: client, reads: reads, logger: TestDatabase.logger)
                try await h.addPrinter("r1", uri: "sim://r1")
                let job = try await jobs.submit(NewJob(printer: "r1", labels: EngineHarness.labels(2))).job

                // The first reads are answered by the pool while the connections are made. A backend shows in
                // pg_stat_activity before its connection's start-up ends, so wait until a read has run on one.
                #expect(try await jobs.find(id: job.id) == job)
                let used = try await eventually(
                    {
                        #expect(try await jobs.find(id: job.id) == job)
                        return try await readBackends(client)
                    }, until: { $0.contains { $0.contains("gateway.jobs") } })
                #expect(used.contains { $0.contains("gateway.jobs") }, "the reads ran on a read connection: \(used)")
                // Many reads at once share them, each answered with its job.
                let answers = try await withThrowingTaskGroup(of: Job?.self) { group in
                    for _ in 0..<200 { group.addTask { try await jobs.find(id: job.id) } }
                    return try await group.reduce(into: [Job?]()) { $0.append($1) }
                }
                #expect(answers.count == 200 && answers.allSatisfy { $0 == job })
                #expect(try await readBackends(client).count >= 1, "the read connections are still open")

                // The server ends them (as a restart would): reads go on, through the pool, then through new ones.
                _ = try await client.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'read-test'",
                    logger: TestDatabase.logger
                ).collect()
                for _ in 0..<20 { #expect(try await jobs.find(id: job.id) == job) }
                let reopened = try await eventually(
                    {
                        _ = try await jobs.find(id: job.id)
                        return try await readBackends(client)
                    }, until: { $0.count >= 1 })
                #expect(reopened.count >= 1, "the read connections are made again")

                await reads.close()
                #expect(try await eventually({ try await readBackends(client) }, until: \.isEmpty).isEmpty)
                #expect(try await jobs.find(id: job.id) == job, "after close, reads use the pool")
                #expect(try await readBackends(client).isEmpty, "and make no new connection")
            }
        }
    }

    /// The last statement of each open read connection.
    private func readBackends(_ client: PostgresClient) async throws -> [String] {
        try await client.query(
            "SELECT query FROM pg_stat_activity WHERE application_name = 'read-test'", logger: TestDatabase.logger
        ).collect().map { try $0.decode(String.self) }
    }
}
