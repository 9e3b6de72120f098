import Foundation
import Logging

/// Drives one leased printer: prints its jobs one at a time until it has none and none arrives within
/// ``EngineConfiguration/idleHold``, then gives the lease back.
/// The engine's store, transports, clock, configuration, shutdown flag and metrics serve it.
struct PrinterWorker<Store: EngineStore, Clock: GatewayClock>: Sendable {
    let lease: PrinterLease
    let engine: JobEngine<Store, Clock>
    /// Signalled when one of this printer's jobs changed in the store: the worker asks the store at once.
    let wake: WakeUpSignal

    var store: Store { engine.store }
    var transports: TransportRegistry { engine.transports }
    var clock: Clock { engine.clock }
    var configuration: EngineConfiguration { engine.configuration }
    var shutdown: ShutdownFlag { engine.shutdown }
    var metrics: EngineMetrics { engine.metrics }

    func run() async {
        var logger = engine.logger
        logger[metadataKey: "printer.name"] = "\(lease.printerName)"
        var link = PrinterLink()
        do {
            var sentAhead: SendingJob?
            // At shutdown, a job whose first labels are on the printer still starts, to confirm them; so does one
            // held, paused or moved meanwhile, which then stops at its first checkpoint.
            while !shutdown.isSet || (sentAhead?.sent ?? 0) > 0 {
                let ahead = sentAhead.flatMap { $0.sent > 0 ? $0 : nil }
                let asked = ContinuousClock.now
                let assignment = try await store.startNextJob(lease, continuing: ahead?.job.id)
                let carried = ahead.flatMap { $0.job.id == assignment?.job.id ? $0 : nil }
                // Labels sent ahead of a job that went elsewhere (moved, expired) are cleared where the printer can.
                if ahead != nil, carried == nil { _ = try? await link.cancelBuffered() }
                guard let assignment else {
                    if ahead == nil, try await heldIdle() { continue }
                    break
                }
                var jobRun = JobRun(
                    worker: self, assignment: assignment, carried: carried, leaseSince: asked, logger: logger)
                sentAhead = try await jobRun.run(link: &link)
                if Task.isCancelled { break }
            }
        } catch is ShuttingDown {
            logger.info("released for shutdown")
        } catch is LeaseLostError {
            logger.warning("lease lost; another process drives this printer now")
            await link.close()
            return
        } catch is CancellationError {
            logger.info("stopping: shutting down")
        } catch {
            logger.error("printer worker stopped", metadata: ["error": "\(error)"])
        }
        await link.close()
        do { try await store.release(lease) } catch {
            logger.warning("could not release lease; it will expire", metadata: ["error": "\(error)"])
        }
    }

    /// With nothing to print, keeps the lease and the connection for ``EngineConfiguration/idleHold`` (at most a
    /// third of the lease, which the next ``EngineStore/startNextJob(_:continuing:)`` extends): true when a job of
    /// the printer changed meanwhile (its notification wakes this worker), false when the time passed or the engine
    /// shuts down. Real time, like the lease it keeps.
    private func heldIdle() async throws -> Bool {
        let hold = min(configuration.idleHold, configuration.leaseDuration / 3)
        guard hold > .zero, !shutdown.isSet else { return false }
        let woken = try await wake.sleep(on: SystemClock(), for: hold)
        return woken && !shutdown.isSet
    }
}
