import Core
import CoreTestSupport
import Foundation
import Logging

/// The job engine over the in-memory store and scripted printers, on one virtual clock: no database, no sockets,
/// no sleeping.
struct EngineBench: Sendable {
    let clock = VirtualClock()
    let store: InMemoryStore<VirtualClock>
    let printers: [String: ScriptedPrinter]

    /// One scripted printer per name, each in the store as `script://NAME`.
    init(printers names: [String]) async throws {
        store = InMemoryStore(clock: clock)
        printers = Dictionary(uniqueKeysWithValues: names.map { [clock] in ($0, ScriptedPrinter(clock: clock)) })
        for name in names { _ = try await store.create(Printer(name: name, uri: "script://\(name)")) }
    }

    var transports: TransportRegistry { TransportRegistry([ScriptedTransportFactory(printers: printers)]) }

    static let logger: Logger = {
        var logger = Logger(label: "engine-bench")
        logger.logLevel = .critical
        return logger
    }()

    /// A lease short in real time so that heartbeats (which notice a cancel while the job waits) come often.
    static func configuration(window: Int = 4, owner: String = "bench") -> EngineConfiguration {
        EngineConfiguration(
            owner: owner, window: window, leaseDuration: .milliseconds(300), pollInterval: .milliseconds(100),
            waitInterval: .seconds(5), claimInterval: .milliseconds(10))
    }

    func printer(_ name: String) -> ScriptedPrinter { printers[name]! }

    func makeEngine(_ configuration: EngineConfiguration) -> JobEngine<InMemoryStore<VirtualClock>, VirtualClock> {
        JobEngine(
            store: store, transports: transports, clock: clock, configuration: configuration, logger: Self.logger)
    }

    /// Runs an engine while `body` runs, then stops it.
    func withEngine<T: Sendable>(
        _ configuration: EngineConfiguration = EngineBench.configuration(), _ body: () async throws -> T
    ) async throws -> T {
        try await makeEngine(configuration).running(body)
    }

    /// Labels whose ZPL names their job and number.
    static func labels(_ count: Int, tag: String = "") -> [NewLabel] {
        (1...count).map { NewLabel(zpl: "^XA^FO50,50^A0N,40,40^FD\(tag)Label \($0)^FS^XZ") }
    }

    func submit(printer: String, labels count: Int, maxAttempts: Int = 5, tag: String = "") async throws -> Job {
        try await store.submit(
            NewJob(printer: printer, labels: Self.labels(count, tag: tag), maxAttempts: maxAttempts)
        ).job
    }

    func waitFor(_ id: UUID, _ condition: @escaping @Sendable (Job) -> Bool) async throws -> Job {
        try await store.waitFor(id, condition)
    }

    func ended(_ id: UUID) async throws -> Job { try await waitFor(id) { $0.status.isTerminal } }

    func eventKinds(_ id: UUID) async throws -> [String] {
        try await store.events(jobID: id).map(\.kind.rawValue)
    }
}
