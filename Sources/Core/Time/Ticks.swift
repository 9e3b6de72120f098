import AsyncAlgorithms
import ServiceLifecycle

/// What a periodic service ticks on: an interval on a clock (`AsyncTimerSequence`), ending at graceful shutdown or
/// cancellation. A tick's work in flight at graceful shutdown is cancelled, so that a service waiting on a database
/// that does not answer does not hold the gateway's stop. Tests give it a clock of their own.
public struct Ticks: Sendable {
    public let interval: Duration
    private let loop: @Sendable (@escaping @Sendable () async -> Void) async -> Void

    /// Ticks every `interval` on `clock`, the first one after `first` (one interval when nil).
    public init<C: Clock>(every interval: Duration, firstAfter first: Duration? = nil, on clock: C)
    where C.Duration == Duration {
        self.interval = interval
        loop = { body in
            if let first {
                for await _ in AsyncTimerSequence(interval: first, clock: clock).prefix(1).cancelOnGracefulShutdown() {
                    await body()
                }
            }
            for await _ in AsyncTimerSequence(interval: interval, clock: clock).cancelOnGracefulShutdown() {
                await body()
            }
        }
    }

    /// Every `interval` of real time.
    public static func every(_ interval: Duration, firstAfter first: Duration? = nil) -> Ticks {
        Ticks(every: interval, firstAfter: first, on: ContinuousClock())
    }

    /// Calls `body` at every tick (and first at once, with `now`) until graceful shutdown, which cancels a call in
    /// flight, or cancellation.
    public func run(now: Bool = false, _ body: @escaping @Sendable () async -> Void) async {
        await cancelWhenGracefulShutdown {
            if now { await body() }
            await loop(body)
        }
    }
}
