import Core
import Synchronization
import Testing

/// An operation that ignores cancellation and ends only when the test opens the gate, the way a database request
/// that is never answered behaves.
private final class Gate: Sendable {
    private struct State {
        var opened = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { continuation in
            let openAlready = state.withLock { state -> Bool in
                if !state.opened { state.waiters.append(continuation) }
                return state.opened
            }
            if openAlready { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.opened = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

private struct TookTooLong: Error {}

@Suite("Deadlines: no wait is held by an operation that ignores cancellation")
struct DeadlineTests {
    @Test("past its limit the wait ends with the caller's error, while the operation is still stuck")
    func limitEndsTheWait() async throws {
        let gate = Gate()
        defer { gate.open() }
        let started = ContinuousClock.now
        await #expect(throws: TookTooLong.self) {
            try await withDeadline(.milliseconds(100), timeout: { TookTooLong() }) { await gate.wait() }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("with no limit, cancelling the caller ends the wait at once")
    func cancellationEndsAnUnlimitedWait() async throws {
        let gate = Gate()
        defer { gate.open() }
        let caller = Task { try await withDeadline(nil, timeout: { TookTooLong() }) { await gate.wait() } }
        try await Task.sleep(for: .milliseconds(50))
        let cancelled = ContinuousClock.now
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(ContinuousClock.now - cancelled < .seconds(5))
    }

    @Test("an operation's result and its error pass through")
    func outcomesPassThrough() async throws {
        #expect(try await withDeadline(.seconds(5), timeout: { TookTooLong() }) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadline(nil, timeout: { TookTooLong() }) { () async throws -> Int in throw Refused() }
        }
    }

    @Test("waitForEnd: true for a task that ends, false past the limit for one that does not, even when cancelled")
    func waitForEndOfATask() async throws {
        let quick = Task { 1 }
        #expect(await waitForEnd(of: quick, atMost: .seconds(5)))

        let gate = Gate()
        defer { gate.open() }
        let stuck = Task { await gate.wait() }
        let waiter = Task { await waitForEnd(of: stuck, atMost: .milliseconds(300)) }
        waiter.cancel()
        let started = ContinuousClock.now
        #expect(await waiter.value == false)
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(250), "cancellation does not cut the grace short (\(waited))")
        #expect(waited < .seconds(5))
    }
}
