import Foundation
import Metrics

/// What the engine reports as it prints, through swift-metrics: the gateway publishes it for Prometheus, tests read
/// it with MetricsTestKit. Counters carry the printer's name and site; histograms carry the site.
public struct EngineMetrics: Sendable {
    /// The metric names (Prometheus names: the gateway's metrics factory gives each its help text).
    public enum Name {
        /// Labels confirmed by their printer.
        public static let labelsPrinted = "gateway_labels_printed_total"
        /// Labels marked failed when a job used up its attempts.
        public static let labelsFailed = "gateway_labels_failed_total"
        /// Jobs ended, by outcome: `completed`, `gave_up` (attempts used up; a partial print keeps status
        /// `completed` with failed labels), `cancelled`.
        public static let jobsFinished = "gateway_jobs_finished_total"
        /// Seconds from a job's submission to its first confirmed label.
        public static let firstLabelSeconds = "gateway_job_first_label_seconds"
        /// Seconds from a job's submission to its last confirmed label.
        public static let completionSeconds = "gateway_job_completion_seconds"
        /// Seconds from a label's sending to its confirmation by the printer.
        public static let confirmationSeconds = "gateway_label_confirmation_seconds"
        /// Connections opened again to a printer during a job (after a drop, a wait or a failed attempt).
        public static let reconnections = "gateway_printer_reconnections_total"
        /// Failed attempts that are retried after a backoff.
        public static let retries = "gateway_job_retries_total"
    }

    private let factory: any MetricsFactory

    /// `factory` is where the metrics go; the default is the process's bootstrapped metrics system.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Reports nothing.
    public static let none = EngineMetrics(factory: NOOPMetricsHandler.instance)

    func labelsPrinted(_ count: Int, on printer: Printer) {
        guard count > 0 else { return }
        counter(Name.labelsPrinted, printer).increment(by: count)
    }

    func labelsFailed(_ count: Int, on printer: Printer) {
        guard count > 0 else { return }
        counter(Name.labelsFailed, printer).increment(by: count)
    }

    func jobFinished(_ outcome: JobOutcome, on printer: Printer) {
        let name =
            switch outcome {
            case .completed: "completed"
            case .gaveUp: "gave_up"
            case .cancelled: "cancelled"
            }
        Counter(
            label: Name.jobsFinished,
            dimensions: [("printer", printer.name), ("site", printer.site), ("outcome", name)], factory: factory
        ).increment()
    }

    func firstLabel(after duration: TimeInterval, on printer: Printer) {
        timer(Name.firstLabelSeconds, printer).recordSeconds(max(0, duration))
    }

    func completed(after duration: TimeInterval, on printer: Printer) {
        timer(Name.completionSeconds, printer).recordSeconds(max(0, duration))
    }

    /// Labels confirmed `durations` after their sending: one timer made for them all.
    func confirmed(after durations: [TimeInterval], on printer: Printer) {
        guard !durations.isEmpty else { return }
        let timer = timer(Name.confirmationSeconds, printer)
        for duration in durations { timer.recordSeconds(max(0, duration)) }
    }

    func reconnected(to printer: Printer) {
        counter(Name.reconnections, printer).increment()
    }

    func retried(on printer: Printer) {
        counter(Name.retries, printer).increment()
    }

    private func counter(_ name: String, _ printer: Printer) -> Counter {
        Counter(label: name, dimensions: [("printer", printer.name), ("site", printer.site)], factory: factory)
    }

    private func timer(_ name: String, _ printer: Printer) -> Metrics.Timer {
        Metrics.Timer(
            label: name, dimensions: [("site", printer.site)], preferredDisplayUnit: .seconds, factory: factory)
    }
}
