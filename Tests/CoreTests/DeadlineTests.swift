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

/// A timer the test fires by hand; it records what was scheduled and cancelled.
private final class ManualTimer: DeadlineTimer {
    private struct State {
        var delays: [Duration] = []
        var actions: [Int: @Sendable () -> Void] = [:]
        var cancelled = 0
    }
    private let state = Mutex(State())

    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let id = state.withLock { state in
            state.delays.append(delay)
            state.actions[state.delays.count] = action
            return state.delays.count
        }
        return { self.cancel(id) }
    }

    private func cancel(_ id: Int) {
        state.withLock { state in
            if state.actions.removeValue(forKey: id) != nil { state.cancelled += 1 }
        }
    }

    var delays: [Duration] { state.withLock { $0.delays } }
    var pending: Int { state.withLock { $0.actions.count } }
    var cancelled: Int { state.withLock { $0.cancelled } }

    /// Runs every action still scheduled.
    func fire() {
        let actions = state.withLock { state in
            defer { state.actions = [:] }
            return Array(state.actions.values)
        }
        for action in actions { action() }
    }
}

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

    @Test("the timer given keeps the limit: a call that ends in time cancels it, and its firing ends the wait")
    func timerKeepsTheLimit() async throws {
        let timer = ManualTimer()
        #expect(try await withDeadline(.seconds(30), timer: timer, timeout: { TookTooLong() }) { 42 } == 42)
        #expect(timer.delays == [.seconds(30)])
        #expect(timer.pending == 0 && timer.cancelled == 1, "the limit of a call that ended is cancelled")

        let gate = Gate()
        defer { gate.open() }
        let caller = Task {
            try await withDeadline(.seconds(30), timer: timer, timeout: { TookTooLong() }) { await gate.wait() }
        }
        while timer.pending == 0 { await Task.yield() }
        timer.fire()
        await #expect(throws: TookTooLong.self) { try await caller.value }
        #expect(timer.delays.count == 2)

        #expect(try await withDeadline(nil, timer: timer, timeout: { TookTooLong() }) { 7 } == 7)
        #expect(timer.delays.count == 2, "no limit, no timer")
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
