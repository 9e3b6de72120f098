import Synchronization

/// Wakes the engine when work may have arrived (a database notification); a missed signal is covered by the
/// engine's polling. A signal given while nobody waits is kept for the next wait; several count as one.
public final class WakeUpSignal: Sendable {
    private struct State {
        var pending = false
        /// The one waiter (the engine's claim loop), resumed by a signal or by its wait ending.
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Returns at a signal (consuming it; at once for one given before), after `timeout`, or on cancellation.
    public func wait(timeout: Duration) async {
        // The wait left behind at the timeout is cancelled, and a cancelled wait consumes no signal.
        _ = try? await withDeadline(timeout, timeout: { CancellationError() }) { await self.nextSignal() }
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
                    state.waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume()
        }
    }
}
