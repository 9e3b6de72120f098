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
        var entries = Dictionary(uniqueKeysWithValues: helps.map { ($0.key, Entry(name: $0.key, help: $0.value)) })
        for (label, name) in hummingbirdNames { entries[label] = Entry(name: name, help: helps[name] ?? label) }
        return entries
    }()

    /// Hummingbird's metric labels and the names the gateway publishes them under.
    private static let hummingbirdNames = [
        "hb.requests": "gateway_http_requests_total",
        "hb.request.errors": "gateway_http_request_errors_total",
        "http.server.request.duration": "gateway_http_request_duration_seconds",
        "http.server.active_requests": "gateway_http_active_requests",
    ]

    /// The help text of every metric, by its Prometheus name.
    private static let helps: [String: String] = [
        EngineMetrics.Name.labelsPrinted: "Labels confirmed by their printer, by printer and site.",
        EngineMetrics.Name.labelsFailed: "Labels marked failed when their job used up its attempts.",
        EngineMetrics.Name.jobsFinished: "Jobs ended by this process, by printer, site and outcome.",
        EngineMetrics.Name.firstLabelSeconds: "Seconds from a job's submission to its first confirmed label.",
        EngineMetrics.Name.completionSeconds: "Seconds from a job's submission to its last confirmed label.",
        EngineMetrics.Name.confirmationSeconds: "Seconds from a label's sending to its confirmation by the printer.",
        EngineMetrics.Name.reconnections: "Connections opened again to a printer during a job.",
        EngineMetrics.Name.retries: "Failed print attempts retried after a backoff.",
        Gauge.jobs: "Jobs in the database by status.",
        Gauge.waitingJobs: "Queued jobs waiting for their printer, by reason.",
        Gauge.labelsConfirmed: "Labels confirmed over all jobs in the database.",
        Gauge.printers: "Printers by last known state.",
        Gauge.printerState: "1 for a printer's last known state, 0 for the other states.",
        Gauge.printerReason:
            "1 for each reason a printer is not ready (paper_out, head_open, offline…); absent when ready.",
        Gauge.queuedJobs: "Jobs queued or printing, per printer.",
        Gauge.queuedLabels: "Labels not yet confirmed of the jobs queued or printing.",
        Gauge.oldestQueued:
            "Seconds since the oldest job queued on the printer (not started, or waiting) was submitted; 0 without one.",
        Gauge.liveGateways: "Gateway processes alive for each site that has printers.",
        Gauge.databaseUp: "1 when the last read of the database for metrics succeeded.",
        Gauge.databaseConnections: "This process's database connections by state.",
        Gauge.databasePoolMaximum: "Connections this process's pool may open.",
        Gauge.activePrinters: "Printers this process drives now.",
        "gateway_http_requests_total": "HTTP requests by route, method and status.",
        "gateway_http_request_errors_total": "HTTP requests that ended in an error.",
        "gateway_http_request_duration_seconds": "Seconds to answer an HTTP request, by route, method and status.",
        "gateway_http_active_requests": "HTTP requests being answered now.",
    ]
}

extension String {
    fileprivate var replacingDots: String { replacing(".", with: "_") }
}
