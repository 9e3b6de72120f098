import Foundation
import Synchronization

/// The time source of the engine and the simulated printer, so that hours of waiting can be tested in milliseconds.
public protocol GatewayClock: Sendable {
    /// Wall-clock time.
    var now: Date { get }
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Real time.
public struct SystemClock: GatewayClock {
    public init() {}
    public var now: Date { Date() }
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// Virtual time that moves only when someone sleeps or calls ``advance(by:)``: a sleep jumps the clock
/// forward by its duration and returns at once. Deterministic for one sleeping task (one engine worker
/// and the simulated printer it drives).
public final class VirtualClock: GatewayClock {
    private let current: Mutex<Date>

    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(duration.timeInterval) }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: duration)
        await Task.yield()
        try Task.checkCancellation()
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    public init(timeInterval: TimeInterval) {
        self = .nanoseconds(Int64((timeInterval * 1e9).rounded()))
    }
}
