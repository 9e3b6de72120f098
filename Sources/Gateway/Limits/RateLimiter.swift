import Core
import Synchronization

/// ``TokenBuckets`` shared by every request, on the continuous clock; full buckets are dropped once a minute.
final class RateLimiter: Sendable {
    private struct State {
        var buckets: TokenBuckets<String, ContinuousClock.Instant>
        var lastEviction: ContinuousClock.Instant
    }

    private let state: Mutex<State>

    init(_ rate: APILimits.Rate) {
        state = Mutex(
            State(buckets: TokenBuckets(rate: rate.perSecond, burst: rate.burst), lastEviction: .now))
    }

    /// Takes a token from `key`'s bucket; throws 429 `rate_limited` with `Retry-After` when it has none.
    func take(_ key: String, what: @autoclosure () -> String) throws(APIError) {
        try check(what) { $0.take(key, at: $1) }
    }

    /// Throws 429 when `key`'s bucket is empty, without taking a token.
    func requireToken(_ key: String, what: @autoclosure () -> String) throws(APIError) {
        try check(what) { $0.hasToken(key, at: $1) }
    }

    /// Takes a token after the fact, never refusing.
    func charge(_ key: String) {
        state.withLock { state in
            state.buckets.charge(key, at: .now)
        }
    }

    private func check(
        _ what: () -> String,
        _ decide: (inout TokenBuckets<String, ContinuousClock.Instant>, ContinuousClock.Instant) ->
            TokenBuckets<
                String, ContinuousClock.Instant
            >.Decision
    ) throws(APIError) {
        let decision = state.withLock { state in
            let now = ContinuousClock.now
            if state.lastEviction.duration(to: now) > .seconds(60) {
                state.buckets.evictFull(at: now)
                state.lastEviction = now
            }
            return decide(&state.buckets, now)
        }
        if case .limited(let retryAfter) = decision { throw APIError.rateLimited(what(), retryAfter: retryAfter) }
    }
}

extension APIError {
    /// 429 `rate_limited`, with `Retry-After` in whole seconds (at least 1).
    static func rateLimited(_ what: String, retryAfter: Duration) -> APIError {
        let seconds = max(1, Int(retryAfter.timeInterval.rounded(.up)))
        return APIError(
            .tooManyRequests, "rate_limited", "too many \(what); try again in \(seconds) s",
            details: ["retry_after_seconds": .integer(seconds)], headers: [.retryAfter: "\(seconds)"])
    }
}
