import Core
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Whether the database answers, so that requests fail fast with 503 while it is down instead of waiting for a
/// connection the pool cannot make. Probed every second with a connection of its own (not the pool, whose
/// requests wait out its circuit breaker); down after three failed probes in a row, up at the first success, so a
/// slow answer on a loaded machine does not turn requests away.
/// A service: probes at once, then every `interval`, until graceful shutdown.
public final class DatabaseHealth: Service {
    let configuration: PostgresConnection.Configuration
    let interval: Duration
    let timeout: Duration
    let failuresBeforeDown: Int
    let logger: Logger
    private let state = Mutex((reachable: true, failures: 0))
    /// The id of the last probe's connection, as PostgresNIO logs it.
    private let probes = Atomic(0)

    public init(
        configuration: PostgresConnection.Configuration, interval: Duration = .seconds(1),
        timeout: Duration = .seconds(5),
        failuresBeforeDown: Int = 3, logger: Logger
    ) {
        self.configuration = configuration
        self.interval = interval
        self.timeout = timeout
        self.failuresBeforeDown = failuresBeforeDown
        self.logger = logger
    }

    public var isReachable: Bool { state.withLock { $0.reachable } }

    public func run() async throws {
        await Ticks.every(interval).run(now: true) { [self] in await probeAndRecord() }
    }

    private func probeAndRecord() async {
        let id = probes.add(1, ordering: .relaxed).newValue
        record(await probe(id: id))
    }

    private func record(_ answered: Bool) {
        let change: Bool? = state.withLock { state in
            let before = state.reachable
            state.failures = answered ? 0 : state.failures + 1
            state.reachable = answered || state.failures < failuresBeforeDown
            return before == state.reachable ? nil : state.reachable
        }
        if let change {
            if change { logger.notice("database reachable again") } else { logger.error("database unreachable") }
        }
    }

    /// One connection, `SELECT 1`, closed; false when it fails or takes longer than ``timeout``. A connection
    /// attempt that never ends is left behind rather than waited for.
    private func probe(id: Int) async -> Bool {
        let answered = try? await withDeadline(timeout, "a health probe") { [configuration, logger] in
            let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
            defer { Task { try? await connection.close() } }
            _ = try await connection.query("SELECT 1", logger: logger).collect()
            return true
        }
        return answered ?? false
    }
}
