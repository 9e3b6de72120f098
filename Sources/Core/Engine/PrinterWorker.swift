import Foundation
import Logging

/// Drives one leased printer: prints its jobs one at a time until it has none, then gives the lease back.
/// The engine's store, transports, clock, configuration, shutdown flag and metrics serve it.
struct PrinterWorker<Store: EngineStore, Clock: GatewayClock>: Sendable {
    let lease: PrinterLease
    let engine: JobEngine<Store, Clock>

    var store: Store { engine.store }
    var transports: TransportRegistry { engine.transports }
    var clock: Clock { engine.clock }
    var configuration: EngineConfiguration { engine.configuration }
    var shutdown: ShutdownFlag { engine.shutdown }
    var metrics: EngineMetrics { engine.metrics }

    func run() async {
        var logger = engine.logger
        logger[metadataKey: "printer.name"] = "\(lease.printerName)"
        do {
            while !shutdown.isSet, let assignment = try await store.startNextJob(lease) {
                var jobRun = JobRun(worker: self, assignment: assignment, logger: logger)
                try await jobRun.run()
                if Task.isCancelled || shutdown.isSet { break }
            }
        } catch is ShuttingDown {
            logger.info("released for shutdown")
        } catch is LeaseLostError {
            logger.warning("lease lost; another process drives this printer now")
            return
        } catch is CancellationError {
            logger.info("stopping: shutting down")
        } catch {
            logger.error("printer worker stopped", metadata: ["error": "\(error)"])
        }
        do { try await store.release(lease) } catch {
            logger.warning("could not release lease; it will expire", metadata: ["error": "\(error)"])
        }
    }
}
