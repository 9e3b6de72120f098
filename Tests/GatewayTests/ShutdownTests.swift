import Core
import Testing

@Suite("Stopping the gateway")
struct ShutdownTests {
    /// Guards a hang seen under load: the test ended (and the service group began its shutdown) while the engine
    /// was still migrating and the pool still connecting; a connection attempt cancelled mid-handshake never ended,
    /// and the pool's shutdown, the presence service and the health probe waited on it for ever.
    @Test("a gateway stopped while it is still starting ends promptly, 20 times in a row")
    func stopWhileStarting() async throws {
        for round in 1...20 {
            let app = Task { try await withApp { _, _ in } }
            let ended = await waitForEnd(of: app, atMost: .seconds(30))
            #expect(ended, "round \(round): the application did not stop within 30 s")
            guard ended else { return }
            try await app.value
        }
    }
}
