import Core
import CoreTestSupport
import Foundation
import GatewayTestSupport
import Logging
import MetricsTestKit
import PostgresNIO
import Store
import Testing
import TransportSimulated

/// A real database, the real Postgres engine store, simulated printers and a virtual clock.
struct EngineHarness: Sendable {
    let client: PostgresClient
    let clock = VirtualClock()
    let simulators: SimulatedTransportFactory
    /// `flaky://NAME` printers, when the harness has them.
    let flaky: FlakyTransportFactory?
    let jobs: JobRepository
    let printers: PrinterRepository
    let store: PostgresEngineStore
    /// What the engines of this harness report.
    let metrics = TestMetrics()

    /// With `flaky`, `flaky://NAME` drops the connection after `after` labels on its first `failures` connections.
    init(client: PostgresClient, flaky: (failures: Int, after: Int)? = nil) {
        self.client = client
        let simulators = SimulatedTransportFactory(clock: clock)
        self.simulators = simulators
        self.flaky = flaky.map { FlakyTransportFactory(failures: $0.failures, after: $0.after, inner: simulators) }
        let logger = TestDatabase.logger
        self.jobs = JobRepository(client: client, logger: logger)
        self.printers = PrinterRepository(client: client, logger: logger)
        self.store = PostgresEngineStore(client: client, logger: logger)
    }

    var transports: TransportRegistry { TransportRegistry([simulators] + (flaky.map { [$0] } ?? [])) }

    static func configuration(window: Int = 4, owner: String = "test-engine") -> EngineConfiguration {
        EngineConfiguration(
            owner: owner, window: window, leaseDuration: .seconds(3), pollInterval: .milliseconds(100),
            waitInterval: .seconds(5), claimInterval: .milliseconds(100))
    }

    func makeEngine(_ configuration: EngineConfiguration = EngineHarness.configuration())
        -> JobEngine<PostgresEngineStore, VirtualClock>
    {
        JobEngine(
            store: store, transports: transports, clock: clock, configuration: configuration,
            metrics: EngineMetrics(factory: metrics), logger: TestDatabase.logger)
    }

    /// Runs an engine while `body` runs, then stops it.
    func withEngine<T: Sendable>(
        _ configuration: EngineConfiguration = EngineHarness.configuration(), _ body: () async throws -> T
    ) async throws -> T {
        try await makeEngine(configuration).running(body)
    }

    @discardableResult
    func addPrinter(_ name: String, uri: String, site: String = "") async throws -> Printer {
        try await printers.create(Printer(name: name, uri: uri, site: site)).printer
    }

    /// Labels whose ZPL names their number, so the printer's record says which label printed.
    static func labels(_ count: Int) -> [NewLabel] {
        (1...count).map { NewLabel(zpl: "^XA^FO50,50^A0N,40,40^FDLabel \($0)^FS^XZ") }
    }

    func submit(printer: String, labels count: Int, maxAttempts: Int = 5, key: String? = nil) async throws -> Job {
        try await jobs.submit(
            NewJob(printer: printer, labels: Self.labels(count), idempotencyKey: key, maxAttempts: maxAttempts)
        ).job
    }

    func waitFor(_ id: UUID, timeout: Duration = .seconds(60), _ condition: (Job) -> Bool) async throws -> Job {
        let job = try await eventually(
            timeout: timeout, { try await jobs.find(id: id) }, until: { $0.map(condition) ?? false })
        return try #require(job)
    }

    /// The label numbers the simulated printer printed, in order, read from its own record.
    func printedNumbers(on printer: String) async throws -> [Int] {
        let simulated = try #require(simulators.printer(named: printer))
        return await simulated.printedLabels.map { label in
            let text = label.text
            guard let range = text.range(of: "^FDLabel ") else { return -1 }
            return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? -1
        }
    }

    func eventKinds(_ id: UUID) async throws -> [String] {
        try await jobs.events(jobID: id).map(\.kind.rawValue)
    }
}

/// Runs `body` with a harness on a fresh database.
func withHarness<T: Sendable>(
    flaky: (failures: Int, after: Int)? = nil, _ body: @Sendable (EngineHarness) async throws -> T
) async throws -> T {
    try await withTestDatabase { database in
        try await database.withClient { client in
            try await body(EngineHarness(client: client, flaky: flaky))
        }
    }
}
