import Synchronization

/// Runs `operation` in a task of its own and returns its outcome, unless `limit` passes first (then the error made
/// by `timeout` is thrown) or the caller is cancelled (then `CancellationError`). In both cases the operation is
/// cancelled and left to end on its own: the caller is never held by an operation that ignores cancellation.
///
/// This guards every wait on a library we cannot fix from here: a PostgreSQL connection attempt cancelled in the
/// middle of its handshake can leave its future unanswered for ever, and with it the pool's requests and its
/// shutdown. `limit` nil waits as long as the operation runs, but still returns at once on cancellation.
public func withDeadline<Result: Sendable>(
    _ limit: Duration?, timeout: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withDeadline(limit, timer: SleepingDeadlineTimer(), timeout: timeout, operation)
}

/// ``withDeadline(_:timeout:_:)`` with the limit kept by `timer`.
public func withDeadline<Result: Sendable>(
    _ limit: Duration?, timer: some DeadlineTimer, timeout: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let race = DeadlineRace<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let work = Task(executorPreference: PreferredExecutor.current) {
                do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
            }
            let cancelTimer = limit.map { limit in timer.schedule(after: limit) { race.finish(.failure(timeout())) } }
            race.onFinish {
                cancelTimer?()
                work.cancel()
            }
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// Calls an action after a delay unless cancelled first: the limit of ``withDeadline(_:timer:timeout:_:)``.
public protocol DeadlineTimer: Sendable {
    /// Calls `action` once `delay` has passed; the closure returned cancels it.
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> @Sendable () -> Void
}

/// A task that sleeps for the delay. A cancelled sleep stays queued (and holds its memory) until its deadline, so
/// a caller that sets many long limits at a high rate gives a timer that forgets a cancelled action at once (an
/// event loop's scheduled task).
public struct SleepingDeadlineTimer: DeadlineTimer {
    public init() {}

    public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let task = Task {
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            action()
        }
        return { task.cancel() }
    }
}

/// Runs `operation` for as long as it takes, but returns at once (throwing `CancellationError`) when the caller is
/// cancelled, leaving the operation cancelled behind it: ``withDeadline(_:timeout:_:)`` with no limit.
public func untilCancelled<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws
    -> Result
{
    try await withDeadline(nil, timeout: { CancellationError() }, operation)
}

/// Waits at most `limit` for `task` to end, whether or not the caller is cancelled; true when it ended.
public func waitForEnd<Success: Sendable, Failure: Error>(of task: Task<Success, Failure>, atMost limit: Duration) async
    -> Bool
{
    // A task of its own, so that the caller's cancellation does not cut the wait short.
    let waiter = Task { try await withDeadline(limit, timeout: { WaitTimedOut() }) { _ = await task.result } }
    return (try? await waiter.value) != nil
}

private struct WaitTimedOut: Error {}

/// Whichever of the operation, the timer and cancellation ends first resumes the caller; the others are ignored.
private final class DeadlineRace<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var outcome: Swift.Result<Result, any Error>?
        var cleanup: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Result, any Error>) {
        let early = state.withLock { state -> Swift.Result<Result, any Error>? in
            if state.outcome == nil { state.continuation = continuation }
            return state.outcome
        }
        if let early { continuation.resume(with: early) }
    }

    /// `cleanup` runs once the caller is resumed (at once if it already is).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.outcome != nil { return true }
            state.cleanup = cleanup
            return false
        }
        if now { cleanup() }
    }

    func finish(_ outcome: Swift.Result<Result, any Error>) {
        let (continuation, cleanup) = state.withLock {
            state -> (CheckedContinuation<Result, any Error>?, (@Sendable () -> Void)?) in
            guard state.outcome == nil else { return (nil, nil) }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.cleanup = nil
            }
            return (state.continuation, state.cleanup)
        }
        continuation?.resume(with: outcome)
        cleanup?()
    }
}

/// The executor the caller's work should stay on, for the tasks started on its behalf (a deadline's operation):
/// an unstructured task does not inherit a task executor preference, so whoever sets one also names it here.
public enum PreferredExecutor {
    @TaskLocal public static var current: (any TaskExecutor)?
}
