import Synchronization

/// Wakes the engine when work may have arrived (a database notification); a missed signal is covered by the
/// engine's polling. A signal wakes every wait in progress; one given while nobody waits is kept for the next wait,
/// and several count as one.
public final class WakeUpSignal: Sendable {
    private struct State {
        var pending = false
        /// The waits in progress (the engine's claim loop), each resumed by a signal or by its wait ending.
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiters = state.withLock { state in
            defer { state.waiters = [:] }
            state.pending = state.waiters.isEmpty
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at a signal (consuming it; at once for one given before), after `timeout`, or on cancellation.
    public func wait(timeout: Duration) async {
        // The wait left behind at the timeout is cancelled, and a cancelled wait consumes no signal.
        _ = try? await withDeadline(timeout, timeout: { CancellationError() }) { await self.nextSignal() }
    }

    /// Sleeps on `clock` for `duration` unless a signal comes first (consuming it; at once for one given before).
    /// Returns true when a signal ended it.
    public func sleep(on clock: some GatewayClock, for duration: Duration) async throws -> Bool {
        if takePending() { return true }
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await clock.sleep(for: duration)
                return false
            }
            group.addTask {
                await self.nextSignal()
                return !Task.isCancelled
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
    }

    /// Consumes a signal given while nobody waited; false when there was none.
    func takePending() -> Bool {
        state.withLock { state in
            defer { state.pending = false }
            return state.pending
        }
    }

    /// Suspends until a signal; a cancelled wait returns without consuming one.
    private func nextSignal() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.pending || Task.isCancelled {
                        state.pending = state.pending && Task.isCancelled
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
