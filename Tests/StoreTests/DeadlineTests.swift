import Core
import Foundation
import GatewayTestSupport
import PostgresNIO
import ProcessSupport
import Synchronization
import Testing

@testable import Store

@Suite("Database calls and the pool's shutdown have a deadline")
struct DeadlineTests {
    @Test("a call that is never answered fails as unavailable once its time is up")
    func neverAnswered() async throws {
        let started = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) {
            try await withDeadline(.milliseconds(200), "a test query") { () async throws -> Int in
                // Stands for a request the database client never answers, and that ignores cancellation.
                await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
                return 1
            }
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("did not answer a test query") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("an answer in time, or an error, passes through")
    func answeredInTime() async throws {
        #expect(try await withDeadline(.seconds(5), "a test query") { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadline(.seconds(5), "a test query") { () async throws -> Int in throw Refused() }
        }
    }

    @Test("the limits are kept on the event loops: one fires after its delay, a cancelled one never does")
    func eventLoopTimer() async throws {
        let fired = Mutex<[String]>([])
        let timer = EventLoopDeadlineTimer()
        let started = ContinuousClock.now
        let cancel = timer.schedule(after: .milliseconds(50)) { fired.withLock { $0.append("kept") } }
        let cancelLater = timer.schedule(after: .milliseconds(100)) { fired.withLock { $0.append("cancelled") } }
        cancelLater()
        while fired.withLock({ $0.isEmpty }) && ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        try await Task.sleep(for: .milliseconds(200))
        #expect(fired.withLock { $0 } == ["kept"])
        cancel()
    }

    @Test("cancelling the caller ends the wait")
    func cancelled() async throws {
        let task = Task {
            try await withDeadline(.seconds(60), "a test query") { () async throws -> Int in
                try await Task.sleep(for: .seconds(60))
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    @Test("the pool stops soon after its caller is cancelled: while it serves queries, and while it cannot connect")
    func poolStopsWhenCancelled() async throws {
        try await withTestDatabase { database in
            let client = PostgresClient(
                configuration: database.clientConfiguration, backgroundLogger: TestDatabase.logger)
            let pool = Task { await client.runUntilCancelled(shutdownLimit: .seconds(2), logger: TestDatabase.logger) }
            let answer = try await client.run("SELECT 1", logger: TestDatabase.logger)
            #expect(answer.count == 1)
            let cancelled = ContinuousClock.now
            pool.cancel()
            #expect(await waitForEnd(of: pool, atMost: .seconds(10)))
            #expect(ContinuousClock.now - cancelled < .seconds(5))
        }

        let port = try freeLoopbackPort()
        let unreachable = PostgresClient(
            configuration: .init(
                host: "127.0.0.1", port: port, username: "gateway", password: nil, database: "none", tls: .disable),
            backgroundLogger: TestDatabase.logger)
        let pool = Task { await unreachable.runUntilCancelled(shutdownLimit: .seconds(2), logger: TestDatabase.logger) }
        // A request that keeps the pool trying to connect, bounded by its own deadline.
        await #expect(throws: StoreError.self) {
            try await unreachable.run("SELECT 1", timeout: .milliseconds(500), logger: TestDatabase.logger)
        }
        let cancelled = ContinuousClock.now
        pool.cancel()
        #expect(await waitForEnd(of: pool, atMost: .seconds(10)))
        #expect(ContinuousClock.now - cancelled < .seconds(5))
    }
}
