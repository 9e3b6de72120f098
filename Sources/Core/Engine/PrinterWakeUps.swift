import Foundation
import Synchronization

/// Wakes the worker driving a printer when one of its jobs changed in the store (cancelled, held, moved, its
/// printer paused), so the worker reads the change at once instead of at its next checkpoint; a cancel then clears
/// the printer's buffer while the label under the head is still the only one left to print.
public final class PrinterWakeUps: Sendable {
    private let signals = Mutex<[UUID: WakeUpSignal]>([:])

    public init() {}

    /// Wakes the worker of `printerID`, if this process drives it.
    public func signal(_ printerID: UUID) {
        signals.withLock { $0[printerID] }?.signal()
    }

    /// Wakes every worker of this process (at shutdown: an idle one gives its printer back at once).
    func signalAll() {
        for signal in signals.withLock({ Array($0.values) }) { signal.signal() }
    }

    /// The signal a worker waits on while it drives `printerID`, until ``unregister(_:)``.
    func register(_ printerID: UUID) -> WakeUpSignal {
        let signal = WakeUpSignal()
        signals.withLock { $0[printerID] = signal }
        return signal
    }

    func unregister(_ printerID: UUID) {
        _ = signals.withLock { $0.removeValue(forKey: printerID) }
    }
}
