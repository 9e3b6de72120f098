import Core
import Foundation
import Testing

@Suite("Wake-up signal")
struct WakeUpSignalTests {
    /// How long a wait took.
    private func timed(_ body: () async -> Void) async -> Duration {
        let start = ContinuousClock.now
        await body()
        return ContinuousClock.now - start
    }

    @Test("a signal given before the wait is kept: the wait returns at once, and only once")
    func signalBeforeWait() async {
        let signal = WakeUpSignal()
        signal.signal()
        signal.signal()
        #expect(await timed { await signal.wait(timeout: .seconds(30)) } < .seconds(5))
        // Two signals count as one: the next wait runs to its timeout.
        #expect(await timed { await signal.wait(timeout: .milliseconds(300)) } >= .milliseconds(300))
    }

    @Test("a signal during the wait wakes it")
    func signalDuringWait() async {
        let signal = WakeUpSignal()
        let waiter = Task { await timed { await signal.wait(timeout: .seconds(30)) } }
        try? await Task.sleep(for: .milliseconds(200))
        signal.signal()
        #expect(await waiter.value < .seconds(5))
    }

    @Test("one signal wakes every wait in progress")
    func signalWakesAllWaits() async {
        let signal = WakeUpSignal()
        let first = Task { await timed { await signal.wait(timeout: .seconds(30)) } }
        let second = Task { await timed { await signal.wait(timeout: .seconds(30)) } }
        try? await Task.sleep(for: .milliseconds(200))
        signal.signal()
        #expect(await first.value < .seconds(5))
        #expect(await second.value < .seconds(5))
    }

    @Test("without a signal the wait ends at its timeout; a cancelled wait ends at once and keeps a later signal")
    func timeoutAndCancel() async {
        let signal = WakeUpSignal()
        #expect(await timed { await signal.wait(timeout: .milliseconds(200)) } >= .milliseconds(200))
        let waiter = Task { await timed { await signal.wait(timeout: .seconds(30)) } }
        try? await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        #expect(await waiter.value < .seconds(5))
        signal.signal()
        #expect(await timed { await signal.wait(timeout: .seconds(30)) } < .seconds(5))
    }
}
