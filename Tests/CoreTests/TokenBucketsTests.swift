import Core
import Testing

@Suite struct TokenBucketsTests {
    typealias Instant = ManualClock.Instant

    @Test func refusesOnceTheBurstIsSpentAndLetsThroughAfterRefill() {
        let clock = ManualClock()
        var buckets = TokenBuckets<String, Instant>(rate: 2, burst: 3)
        for _ in 1...3 { #expect(buckets.take("odoo", at: clock.now) == .allowed) }
        #expect(buckets.take("odoo", at: clock.now) == .limited(retryAfter: .milliseconds(500)))
        // Another key has its own bucket.
        #expect(buckets.take("operator", at: clock.now) == .allowed)
        clock.advance(by: .milliseconds(499))
        #expect(buckets.take("odoo", at: clock.now) != .allowed)
        clock.advance(by: .milliseconds(1))
        #expect(buckets.take("odoo", at: clock.now) == .allowed)
        #expect(buckets.take("odoo", at: clock.now) != .allowed)
        // A long quiet time fills the bucket to its burst, no further.
        clock.advance(by: .seconds(3600))
        for _ in 1...3 { #expect(buckets.take("odoo", at: clock.now) == .allowed) }
        #expect(buckets.take("odoo", at: clock.now) != .allowed)
    }

    @Test func chargingAfterTheFactEmptiesTheBucketWithoutGoingBelowZero() {
        let clock = ManualClock()
        var buckets = TokenBuckets<String, Instant>(rate: 1, burst: 2)
        #expect(buckets.hasToken("10.0.0.9", at: clock.now) == .allowed)
        for _ in 1...5 { buckets.charge("10.0.0.9", at: clock.now) }
        #expect(buckets.hasToken("10.0.0.9", at: clock.now) == .limited(retryAfter: .seconds(1)))
        clock.advance(by: .seconds(1))
        #expect(buckets.hasToken("10.0.0.9", at: clock.now) == .allowed)
        // Asking takes nothing.
        #expect(buckets.hasToken("10.0.0.9", at: clock.now) == .allowed)
    }

    @Test func holdsOnlyBucketsInUse() {
        let clock = ManualClock()
        var buckets = TokenBuckets<Int, Instant>(rate: 1, burst: 1, capacity: 100)
        for key in 0..<1_000 { _ = buckets.take(key, at: clock.now) }
        #expect(buckets.count <= 100)
        clock.advance(by: .seconds(1))
        _ = buckets.take(-1, at: clock.now)
        buckets.evictFull(at: clock.now)
        #expect(buckets.count == 1)
        // The one in use is still limited.
        #expect(buckets.take(-1, at: clock.now) != .allowed)
    }
}
