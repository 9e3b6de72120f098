import Synchronization

/// Wakes the engine when work may have arrived (a database notification); a missed signal is covered by polling.
public final class WakeUpSignal: Sendable {
    private let pending = Mutex(false)
    private let granularity: Duration

    /// `granularity` bounds how late a waiter notices a signal.
    public init(granularity: Duration = .milliseconds(20)) {
        self.granularity = granularity
    }

    public func signal() {
        pending.withLock { $0 = true }
    }

    /// Returns soon after a signal (consuming it), after `timeout`, or on cancellation.
    public func wait(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if pending.withLock({ value in
                defer { value = false }; return value
            }) {
                return
            }
            try? await Task.sleep(for: granularity)
        }
    }
}
