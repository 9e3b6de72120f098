/// Tracks, in real time, how long this process may still act on a lease. The database decides expiry with
/// its own clock; the sender stops before that moment so two processes never send to one printer.
///
/// The database extends a lease from the moment its statement runs, which is after the request left and may be
/// long before the answer comes back (a commit that waits, a pool that reconnects). So an extension counts from
/// the moment the request was made, never from the answer.
struct LeaseClock: Sendable {
    let duration: Duration
    private(set) var extendedAt: ContinuousClock.Instant

    /// A lease last extended by a request made at `asked`.
    init(duration: Duration, extendedSince asked: ContinuousClock.Instant) {
        self.duration = duration
        self.extendedAt = asked
    }

    /// A request made at `asked` extended the lease.
    mutating func extended(since asked: ContinuousClock.Instant) { extendedAt = max(extendedAt, asked) }

    /// Time to send a heartbeat: a third of the lease has passed.
    var heartbeatDue: Bool { ContinuousClock.now - extendedAt > duration / 3 }

    /// Sending is safe while less than 80 % of the lease has passed since the last extension.
    var mayStillSend: Bool { ContinuousClock.now - extendedAt < duration * 4 / 5 }
}
