import Foundation
import Synchronization

/// The time source of the engine and the simulated printer, so that hours of waiting can be tested in milliseconds.
public protocol GatewayClock: Sendable {
    /// Wall-clock time.
    var now: Date { get }
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}
