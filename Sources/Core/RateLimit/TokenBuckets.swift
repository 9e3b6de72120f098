import Foundation

/// Token buckets, one per key (a token's subject, a client address): each holds up to ``burst`` tokens, gains
/// ``rate`` a second, and a request takes one. Pure bookkeeping on instants it is given, so a test drives it with a
/// manual clock. A bucket that has refilled to full is the same as no bucket, so those are dropped
/// (``evictFull(at:)``): the set holds only keys seen recently, whatever the number of keys that ever came.
public struct TokenBuckets<Key: Hashable & Sendable, Instant: InstantProtocol & Sendable>: Sendable
where Instant.Duration == Duration {
    /// Tokens gained per second.
    public let rate: Double
    /// The most tokens a bucket holds: how many requests may come at once after a quiet time.
    public let burst: Double
    /// The most keys held; past it, full buckets are dropped, then the stalest ones.
    public let capacity: Int

    private struct Bucket: Sendable {
        var tokens: Double
        var updated: Instant
    }

    private var buckets: [Key: Bucket] = [:]

    public init(rate: Double, burst: Int, capacity: Int = 10_000) {
        precondition(rate > 0 && burst >= 1 && capacity >= 1, "a token bucket needs a rate, a burst and room")
        self.rate = rate
        self.burst = Double(burst)
        self.capacity = capacity
    }

    /// What a request gets: let through, or refused until a token comes.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; a token is there again after this long.
        case limited(retryAfter: Duration)
    }

    /// Takes a token from `key`'s bucket when it has one.
    public mutating func take(_ key: Key, at now: Instant) -> Decision {
        var bucket = refilled(key, at: now)
        let decision: Decision
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            decision = .allowed
        } else {
            decision = .limited(retryAfter: .seconds((1 - bucket.tokens) / rate))
        }
        store(bucket, for: key, at: now)
        return decision
    }

    /// Takes a token when there is one, never refusing: a charge after the fact (a failed authentication). The
    /// bucket may go down to zero, not below.
    public mutating func charge(_ key: Key, at now: Instant) {
        var bucket = refilled(key, at: now)
        bucket.tokens = max(bucket.tokens - 1, 0)
        store(bucket, for: key, at: now)
    }

    /// Whether `key` has a token now, without taking it.
    public func hasToken(_ key: Key, at now: Instant) -> Decision {
        let bucket = refilled(key, at: now)
        return bucket.tokens >= 1 ? .allowed : .limited(retryAfter: .seconds((1 - bucket.tokens) / rate))
    }

    /// The number of keys held.
    public var count: Int { buckets.count }

    /// Drops every bucket that has refilled to full by `now`.
    public mutating func evictFull(at now: Instant) {
        buckets = buckets.filter { refilledTokens($0.value, at: now) < burst }
    }

    private func refilled(_ key: Key, at now: Instant) -> Bucket {
        guard let bucket = buckets[key] else { return Bucket(tokens: burst, updated: now) }
        return Bucket(tokens: refilledTokens(bucket, at: now), updated: max(bucket.updated, now))
    }

    private func refilledTokens(_ bucket: Bucket, at now: Instant) -> Double {
        let elapsed = max(bucket.updated.duration(to: now), .zero)
        return min(burst, bucket.tokens + elapsed.timeInterval * rate)
    }

    private mutating func store(_ bucket: Bucket, for key: Key, at now: Instant) {
        buckets[key] = bucket
        guard buckets.count > capacity else { return }
        evictFull(at: now)
        // Every bucket is in use: the stalest go, which gives their keys a full bucket again (a flood of new keys
        // can free a limited one, so the capacity should stay well above the callers a gateway has).
        while buckets.count > capacity, let stalest = buckets.min(by: { $0.value.updated < $1.value.updated }) {
            buckets[stalest.key] = nil
        }
    }
}
