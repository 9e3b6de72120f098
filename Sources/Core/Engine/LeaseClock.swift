/// Tracks, in real time, how long this process may still act on a lease. The database decides expiry with
/// its own clock; the sender stops before that moment so two processes never send to one printer.
struct LeaseClock: Sendable {
    let duration: Duration
    private(set) var extendedAt: ContinuousClock.Instant

    init(duration: Duration) {
        self.duration = duration
        self.extendedAt = .now
    }

    mutating func extended() { extendedAt = .now }

    /// Time to send a heartbeat: a third of the lease has passed.
    var heartbeatDue: Bool { ContinuousClock.now - extendedAt > duration / 3 }

    /// Sending is safe while less than 80 % of the lease has passed since the last extension.
    var mayStillSend: Bool { ContinuousClock.now - extendedAt < duration * 4 / 5 }
}
