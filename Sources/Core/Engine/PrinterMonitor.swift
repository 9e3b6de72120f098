import Foundation
import Logging
import ServiceLifecycle

/// Asks idle printers how they are, so the API shows a live status for printers without work. Printers that a
/// process drives report their status through the engine instead. A service: checks at once, then every `interval`
/// (real time), until graceful shutdown; `clock` stamps the statuses.
public struct PrinterMonitor<Store: EngineStore, Clock: GatewayClock>: Service {
    let store: Store
    let transports: TransportRegistry
    let clock: Clock
    let site: String?
    let interval: Duration
    let timeout: Duration
    let logger: Logger

    public init(
        store: Store, transports: TransportRegistry, clock: Clock, site: String?, interval: Duration = .seconds(30),
        timeout: Duration = .seconds(5), logger: Logger
    ) {
        self.store = store
        self.transports = transports
        self.clock = clock
        self.site = site
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    public func run() async throws {
        await Ticks.every(interval).run(now: true) { await checkAll() }
    }

    /// Checks every idle printer once, concurrently.
    public func checkAll() async {
        let printers: [(Printer, PrinterModel)]
        do { printers = try await store.idlePrinters(site: site) } catch {
            logger.debug("cannot list printers to check", metadata: ["error": "\(error)"])
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for (printer, model) in printers {
                group.addTask { await check(printer, model: model) }
            }
        }
    }

    private func check(_ printer: Printer, model: PrinterModel) async {
        var status: PrinterStatus
        do {
            let transport = try transports.makeTransport(uri: printer.uri, model: model, logger: logger)
            status = try await withStatusTimeout { try await transport.status() }
        } catch let error as TransportError {
            status =
                error.status
                ?? (error.isWaitCondition
                    ? .offline(error.message) : PrinterStatus(state: .error, reasons: [.other], detail: error.message))
        } catch {
            status = PrinterStatus(state: .unknown, detail: "\(error)")
        }
        status.checkedAt = clock.now
        do { try await store.updatePrinterStatus(printerID: printer.id, status: status, onlyIfIdle: true) } catch {
            logger.debug("cannot record printer status", metadata: ["printer.name": "\(printer.name)"])
        }
    }

    /// `body`'s status, or offline when it gives none within `timeout` (``withDeadline(_:timeout:_:)``).
    private func withStatusTimeout(_ body: @escaping @Sendable () async throws -> PrinterStatus) async throws
        -> PrinterStatus
    {
        do {
            return try await withDeadline(timeout, timeout: { StatusTimedOut() }, body)
        } catch is StatusTimedOut {
            return .offline("no status answer within \(timeout)")
        }
    }
}

private struct StatusTimedOut: Error {}
