import Core
import Metrics
import Prometheus
import Store
import Synchronization

/// The process's metrics: one Prometheus registry behind swift-metrics, which the engine, Hummingbird's metrics
/// middleware and the database gauges all report to, and which `/metrics` emits.
public final class GatewayMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: GatewayMetricsFactory
    /// The gauges set from the database at the last scrape, to drop those of printers and sites since gone.
    private let published = Mutex<[GaugeKey: Metrics.Gauge]>([:])

    init() {
        registry = PrometheusCollectorRegistry()
        factory = GatewayMetricsFactory(registry: registry)
    }

    /// The one the process reports to; the first use bootstraps swift-metrics with it (what Hummingbird's
    /// middleware and any library report through).
    public static let shared: GatewayMetrics = {
        let metrics = GatewayMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }()

    /// What the engine reports through.
    public var engine: EngineMetrics { EngineMetrics(factory: factory) }

    /// The registry in the Prometheus text format.
    func exposition() -> [UInt8] { registry.emitToBuffer() }

    /// Sets the gauges of the engine's own state.
    func publish(activePrinters: Int, poolMaximum: Int) {
        gauge(MetricCatalog.Gauge.activePrinters, []).record(activePrinters)
        gauge(MetricCatalog.Gauge.databasePoolMaximum, []).record(poolMaximum)
    }

    /// Marks the database unreadable; the gauges read from it keep their last values.
    func publishDatabaseDown() {
        gauge(MetricCatalog.Gauge.databaseUp, []).record(0)
    }

    /// Sets the gauges read from the database; a printer, site or connection state no longer there is dropped.
    func publish(_ store: StoreMetrics) {
        typealias Name = MetricCatalog.Gauge
        var values: [GaugeKey: Double] = [:]
        func set(_ name: String, _ dimensions: [(String, String)], _ value: some BinaryInteger) {
            values[GaugeKey(name: name, dimensions: dimensions)] = Double(value)
        }
        func set(_ name: String, _ dimensions: [(String, String)], _ value: Double) {
            values[GaugeKey(name: name, dimensions: dimensions)] = value
        }
        set(Name.databaseUp, [], 1)
        for status in JobStatus.allCases { set(Name.jobs, [("status", status.rawValue)], store.jobs[status] ?? 0) }
        for reason in WaitingReason.allCases {
            set(Name.waitingJobs, [("reason", reason.rawValue)], store.waitingJobs[reason] ?? 0)
        }
        set(Name.labelsConfirmed, [], store.labelsConfirmed)
        for state in PrinterState.allCases {
            set(Name.printers, [("state", state.rawValue)], store.printers.count { $0.state == state })
        }
        for printer in store.printers {
            let labels = [("printer", printer.name), ("site", printer.site)]
            for state in PrinterState.allCases {
                set(Name.printerState, labels + [("state", state.rawValue)], printer.state == state ? 1 : 0)
            }
            for reason in Set(printer.reasons) { set(Name.printerReason, labels + [("reason", reason.rawValue)], 1) }
            set(Name.queuedJobs, labels, printer.queuedJobs)
            set(Name.queuedLabels, labels, printer.queuedLabels)
            set(Name.oldestQueued, labels, printer.oldestQueuedAge)
        }
        for (site, count) in store.liveGateways { set(Name.liveGateways, [("site", site)], count) }
        for (state, count) in store.connections { set(Name.databaseConnections, [("state", state)], count) }

        published.withLock { published in
            for (key, gauge) in published where values[key] == nil {
                gauge.destroy()
                published[key] = nil
            }
            for (key, value) in values {
                let gauge = published[key] ?? self.gauge(key.name, key.pairs)
                published[key] = gauge
                gauge.record(value)
            }
        }
    }

    private func gauge(_ name: String, _ dimensions: [(String, String)]) -> Metrics.Gauge {
        Metrics.Gauge(label: name, dimensions: dimensions, factory: factory)
    }
}
