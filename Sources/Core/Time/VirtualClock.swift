import Foundation
import Synchronization

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
