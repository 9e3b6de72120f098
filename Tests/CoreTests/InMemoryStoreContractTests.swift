import Core
import CoreTestSupport
import Testing

@Suite("The in-memory store keeps the engine store's rules")
struct InMemoryStoreContractTests {
    @Test("rule", arguments: EngineStoreRule.allCases)
    func rule(_ rule: EngineStoreRule) async throws {
        let clock = VirtualClock()
        let store = InMemoryStore(clock: clock)
        let leaseDuration = Duration.seconds(15)
        let contract = EngineStoreContract(
            jobs: store, printers: store, engine: store, leaseDuration: leaseDuration,
            expireLeases: {
                clock.advance(by: leaseDuration + .seconds(1))
                await store.expireLeases()
            })
        try await contract.check(rule)
    }
}
