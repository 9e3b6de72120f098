/// Backoff after a failed attempt: attempt⁴ seconds, ± `jitter`, capped.
public struct RetryPolicy: Sendable, Hashable {
    public var cap: Duration
    /// Fraction of the delay added or removed at random (0.1 = ± 10 %).
    public var jitter: Double

    public init(cap: Duration = .seconds(600), jitter: Double = 0.1) {
        self.cap = cap
        self.jitter = jitter
    }

    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: -1...1)) -> Duration {
        let base = pow4(Double(max(1, attempt)))
        let jittered = base * (1 + jitter * max(-1, min(1, random)))
        return min(cap, Duration(timeInterval: jittered))
    }

    private func pow4(_ value: Double) -> Double { value * value * value * value }
}
