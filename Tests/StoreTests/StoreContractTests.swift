import Core
import CoreTestSupport
import Store
import Testing

@Suite("The PostgreSQL store keeps the engine store's rules")
struct StoreContractTests {
    @Test("rule", arguments: EngineStoreRule.allCases)
    func rule(_ rule: EngineStoreRule) async throws {
        try await withHarness { h in
            let leaseDuration = Duration.milliseconds(300)
            let contract = EngineStoreContract(
                jobs: h.jobs, printers: h.printers, engine: h.store, leaseDuration: leaseDuration,
                expireLeases: { try await Task.sleep(for: leaseDuration + .milliseconds(200)) })
            try await contract.check(rule)
        }
    }
}
