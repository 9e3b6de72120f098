import Core
import Synchronization
import Testing

@Suite("Ticks of periodic services")
struct TicksTests {
    /// Waits (real time, bounded) until `condition` holds.
    private func until(_ condition: () -> Bool) async {
        for _ in 0..<2000 where !condition() { try? await Task.sleep(for: .milliseconds(1)) }
    }

    @Test("ticks come on the injected clock: the first after firstAfter, then one per interval, none before")
    func ticksOnTheClock() async {
        let clock = ManualClock()
        let count = Mutex(0)
        let ticks = Ticks(every: .seconds(3600), firstAfter: .seconds(60), on: clock)
        let service = Task { await ticks.run { count.withLock { $0 += 1 } } }
        await until { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(59))
        try? await Task.sleep(for: .milliseconds(20))
        #expect(count.withLock { $0 } == 0, "nothing before the first minute")
        clock.advance(by: .seconds(1))
        await until { count.withLock { $0 } == 1 }
        #expect(count.withLock { $0 } == 1)
        for hour in 1...3 {
            await until { clock.sleeperCount == 1 }
            clock.advance(by: .seconds(3600))
            await until { count.withLock { $0 } == 1 + hour }
        }
        #expect(count.withLock { $0 } == 4)
        service.cancel()
        await service.value
    }

    @Test("cancellation ends the ticking at once")
    func cancellation() async {
        let clock = ManualClock()
        let ticks = Ticks(every: .seconds(1), on: clock)
        let service = Task { await ticks.run {} }
        await until { clock.sleeperCount == 1 }
        service.cancel()
        await service.value
    }
}
