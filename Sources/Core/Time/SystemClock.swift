import Foundation
import Synchronization

/// Real time.
public struct SystemClock: GatewayClock {
    public init() {}
    public var now: Date { Date() }
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
