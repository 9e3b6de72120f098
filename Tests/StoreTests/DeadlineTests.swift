import Foundation
import Testing

@testable import Store

@Suite("Engine database calls have a deadline")
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
}
