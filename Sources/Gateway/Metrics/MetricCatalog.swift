import Core

/// Every metric the gateway publishes, by the label its code (or Hummingbird's) gives it: the Prometheus name and
/// the help text. Labels not listed keep their own name (dots become underscores) and a generic help text.
enum MetricCatalog {
    struct Entry {
        let name: String
        let help: String
    }

    static func entry(for label: String) -> Entry {
        entries[label] ?? Entry(name: label.replacingDots, help: "\(label) (no description).")
    }

    /// Hummingbird's dimension names, shortened for PromQL; others are kept (dots become underscores).
    static func dimension(_ name: String) -> String {
        switch name {
        case "http.route": "route"
        case "http.request.method": "method"
        case "http.response.status_code", "error.type": "status"
        default: name.replacingDots
        }
    }

    /// Names of the gauges the gateway sets from the database and from the engine's state.
    enum Gauge {
        static let jobs = "gateway_jobs"
        static let waitingJobs = "gateway_jobs_waiting"
        static let labelsConfirmed = "gateway_labels_confirmed"
        static let printers = "gateway_printers"
        static let printerState = "gateway_printer_state"
        static let printerReason = "gateway_printer_reason"
        static let queuedJobs = "gateway_printer_queued_jobs"
        static let queuedLabels = "gateway_printer_queued_labels"
        static let oldestQueued = "gateway_printer_oldest_queued_seconds"
        static let liveGateways = "gateway_site_live_gateways"
        static let databaseUp = "gateway_database_up"
        static let databaseConnections = "gateway_database_connections"
        static let databasePoolMaximum = "gateway_database_pool_max_connections"
        static let activePrinters = "gateway_engine_active_printers"
    }

    private static let entries: [String: Entry] = {
        let names = EngineMetrics.Name.self
        let list: [(String, String, String)] = [
            (names.labelsPrinted, names.labelsPrinted, "Labels confirmed by their printer, by printer and site."),
            (names.labelsFailed, names.labelsFailed, "Labels marked failed when their job used up its attempts."),
            (names.jobsFinished, names.jobsFinished, "Jobs ended by this process, by printer, site and outcome."),
            (
                names.firstLabelSeconds, names.firstLabelSeconds,
                "Seconds from a job's submission to its first confirmed label."
            ),
            (
                names.completionSeconds, names.completionSeconds,
                "Seconds from a job's submission to its last confirmed label."
            ),
            (
                names.confirmationSeconds, names.confirmationSeconds,
                "Seconds from a label's sending to its confirmation by the printer."
            ),
            (names.reconnections, names.reconnections, "Connections opened again to a printer during a job."),
            (names.retries, names.retries, "Failed print attempts retried after a backoff."),
            (Gauge.jobs, Gauge.jobs, "Jobs in the database by status."),
            (Gauge.waitingJobs, Gauge.waitingJobs, "Queued jobs waiting for their printer, by reason."),
            (Gauge.labelsConfirmed, Gauge.labelsConfirmed, "Labels confirmed over all jobs in the database."),
            (Gauge.printers, Gauge.printers, "Printers by last known state."),
            (Gauge.printerState, Gauge.printerState, "1 for a printer's last known state, 0 for the other states."),
            (
                Gauge.printerReason, Gauge.printerReason,
                "1 for each reason a printer is not ready (paper_out, head_open, offline…); absent when ready."
            ),
            (Gauge.queuedJobs, Gauge.queuedJobs, "Jobs queued or printing, per printer."),
            (Gauge.queuedLabels, Gauge.queuedLabels, "Labels not yet confirmed of the jobs queued or printing."),
            (
                Gauge.oldestQueued, Gauge.oldestQueued,
                "Seconds since the oldest job queued on the printer (not started, or waiting) was submitted; 0 without one."
            ),
            (Gauge.liveGateways, Gauge.liveGateways, "Gateway processes alive for each site that has printers."),
            (Gauge.databaseUp, Gauge.databaseUp, "1 when the last read of the database for metrics succeeded."),
            (Gauge.databaseConnections, Gauge.databaseConnections, "This process's database connections by state."),
            (Gauge.databasePoolMaximum, Gauge.databasePoolMaximum, "Connections this process's pool may open."),
            (Gauge.activePrinters, Gauge.activePrinters, "Printers this process drives now."),
            ("hb.requests", "gateway_http_requests_total", "HTTP requests by route, method and status."),
            ("hb.request.errors", "gateway_http_request_errors_total", "HTTP requests that ended in an error."),
            (
                "http.server.request.duration", "gateway_http_request_duration_seconds",
                "Seconds to answer an HTTP request, by route, method and status."
            ),
            ("http.server.active_requests", "gateway_http_active_requests", "HTTP requests being answered now."),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.0, Entry(name: $0.1, help: $0.2)) })
    }()
}

extension String {
    fileprivate var replacingDots: String { replacing(".", with: "_") }
}
