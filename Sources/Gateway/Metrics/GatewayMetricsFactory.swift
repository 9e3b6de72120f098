import CoreMetrics
import Prometheus

/// swift-metrics into swift-prometheus: every metric gets its Prometheus name and help text from
/// ``MetricCatalog`` (swift-prometheus's own factory gives none, and the Prometheus linter wants one).
struct GatewayMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    /// Buckets of the duration histograms, in seconds: from fast label confirmations to jobs that wait for hours.
    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600),
    ]
    static let valueBuckets: [Double] = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]

    private func named(_ label: String, _ dimensions: [(String, String)]) -> (
        MetricNameDescriptor, [(String, String)]
    ) {
        let entry = MetricCatalog.entry(for: label)
        return (
            MetricNameDescriptor(metricName: entry.name, unitName: "", helpText: entry.help),
            dimensions.map { (MetricCatalog.dimension($0.0), $0.1) }
        )
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let (descriptor, labels) = named(label, dimensions)
        return registry.makeCounter(descriptor: descriptor, labels: labels)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let (descriptor, labels) = named(label, dimensions)
        return registry.makeCounter(descriptor: descriptor, labels: labels)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let (descriptor, labels) = named(label, dimensions)
        guard aggregate else { return registry.makeGauge(descriptor: descriptor, labels: labels) }
        return registry.makeValueHistogram(descriptor: descriptor, labels: labels, buckets: Self.valueBuckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let (descriptor, labels) = named(label, dimensions)
        return registry.makeGauge(descriptor: descriptor, labels: labels)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let (descriptor, labels) = named(label, dimensions)
        return registry.makeDurationHistogram(descriptor: descriptor, labels: labels, buckets: Self.durationBuckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
