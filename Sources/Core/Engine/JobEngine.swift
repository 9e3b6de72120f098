import Foundation
import Logging
import Synchronization

/// Claims printers that have work and drives each claimed printer in its own task, until cancelled.
///
/// At-least-once delivery: a process claims a printer lease, sends labels in a window of
/// ``EngineConfiguration/window`` unconfirmed labels, and checkpoints confirmed labels with its lease token.
/// A process that dies loses its lease when it expires, and the next claim resumes at the first unconfirmed label.
public final class JobEngine<Store: EngineStore, Clock: GatewayClock>: Sendable {
    let store: Store
    let transports: TransportRegistry
    let clock: Clock
    let configuration: EngineConfiguration
    let wakeUp: WakeUpSignal
    /// Wakes the worker of a printer whose job changed; the job channel's listener signals it.
    public let printerWakeUps: PrinterWakeUps
    let metrics: EngineMetrics
    let logger: Logger
    private let active = Mutex<Set<UUID>>([])
    let shutdown = ShutdownFlag()

    public init(
        store: Store, transports: TransportRegistry, clock: Clock, configuration: EngineConfiguration,
        wakeUp: WakeUpSignal = WakeUpSignal(), printerWakeUps: PrinterWakeUps = PrinterWakeUps(),
        metrics: EngineMetrics = EngineMetrics(), logger: Logger
    ) {
        self.store = store
        self.transports = transports
        self.clock = clock
        self.configuration = configuration
        self.wakeUp = wakeUp
        self.printerWakeUps = printerWakeUps
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "engine.owner"] = "\(configuration.owner)"
        self.logger = logger
    }

    /// Printers this process drives right now.
    public var activePrinters: Set<UUID> { active.withLock { $0 } }

    /// Stops taking work: no new printer is claimed and no new label is sent; labels in flight get
    /// ``EngineConfiguration/shutdownGrace`` to be confirmed, then each printer is checkpointed and released and
    /// ``run()`` returns.
    public func beginShutdown() {
        shutdown.set()
        wakeUp.signal()
        printerWakeUps.signalAll()
    }

    public func run() async throws {
        logger.info(
            "engine started",
            metadata: ["engine.site": "\(configuration.site ?? "*")", "engine.window": "\(configuration.window)"])
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled, !shutdown.isSet {
                do {
                    while !Task.isCancelled, !shutdown.isSet, let lease = try await claim() {
                        group.addTask { await self.drive(lease) }
                    }
                } catch {
                    logger.warning("could not look for work", metadata: ["error": "\(String(reflecting: error))"])
                }
                await wakeUp.wait(timeout: configuration.claimInterval)
            }
        }
        logger.info("engine stopped")
    }

    private func claim() async throws -> PrinterLease? {
        let lease = try await store.claimPrinter(
            owner: configuration.owner, site: configuration.site, leaseDuration: configuration.leaseDuration,
            excluding: activePrinters)
        if let lease { active.withLock { _ = $0.insert(lease.printerID) } }
        return lease
    }

    private func drive(_ lease: PrinterLease) async {
        let wake = printerWakeUps.register(lease.printerID)
        defer {
            printerWakeUps.unregister(lease.printerID)
            active.withLock { _ = $0.remove(lease.printerID) }
        }
        logger.debug(
            "claimed printer", metadata: ["printer.name": "\(lease.printerName)", "lease.token": "\(lease.token)"])
        let worker = PrinterWorker(lease: lease, engine: self, wake: wake)
        await worker.run()
        // The printer may have received work while it was being released.
        wakeUp.signal()
    }
}
