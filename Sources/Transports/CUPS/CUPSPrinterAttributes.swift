import Core

/// What cupsd says about a queue: `printer-state`, `printer-state-reasons`, `printer-is-accepting-jobs`,
/// `printer-state-message`, and the queue's description for discovery.
public struct CUPSPrinterAttributes: Sendable, Hashable {
    /// `printer-state`: 3 idle, 4 processing, 5 stopped.
    public var state: Int
    public var reasons: [String]
    public var isAcceptingJobs: Bool
    public var message: String?
    public var info: String?
    public var makeAndModel: String?
    public var deviceURI: String?

    public init(
        state: Int, reasons: [String] = [], isAcceptingJobs: Bool = true, message: String? = nil,
        info: String? = nil, makeAndModel: String? = nil, deviceURI: String? = nil
    ) {
        self.state = state
        self.reasons = reasons
        self.isAcceptingJobs = isAcceptingJobs
        self.message = message
        self.info = info
        self.makeAndModel = makeAndModel
        self.deviceURI = deviceURI
    }

    public var isStopped: Bool { state == 5 }

    /// The queue's condition in the gateway's terms. A stopped queue (`cupsdisable`, or a backend error with
    /// the stop-printer policy) is `queue_stopped`, a rejecting queue (`cupsreject`) `not_accepting_jobs`: both make
    /// a job wait as `paused`. IPP reasons ending in `-report` or `-warning` are informational and ignored, except
    /// `offline-report`, which CUPS backends set when the device does not answer.
    public var printerStatus: PrinterStatus {
        var result: [PrinterReason] = []
        func add(_ reason: PrinterReason) { if !result.contains(reason) { result.append(reason) } }
        if isStopped { add(.queueStopped) }
        if !isAcceptingJobs { add(.notAcceptingJobs) }
        var offline = false
        for keyword in reasons {
            let (name, severity) = Self.split(keyword)
            if name == "offline" {
                offline = true
                add(.offline)
                continue
            }
            guard severity == "error" || severity.isEmpty else { continue }
            switch name {
            case "none", "paused", "connecting-to-device", "cups-waiting-for-job-completed": break
            case "media-empty", "media-needed": add(.paperOut)
            case "marker-supply-empty", "toner-empty": add(.ribbonOut)
            case "cover-open", "door-open": add(.headOpen)
            default: add(.other)
            }
        }
        let blocking: Set<PrinterReason> = [.queueStopped, .notAcceptingJobs, .paperOut, .ribbonOut, .headOpen]
        let state: PrinterState =
            offline ? .offline : result.contains(where: blocking.contains) ? .error : .ready
        return PrinterStatus(state: state, reasons: result, detail: detail)
    }

    private var detail: String? {
        let parts = [message, reasons.isEmpty || reasons == ["none"] ? nil : reasons.joined(separator: ",")]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : "CUPS: " + parts.joined(separator: "; ")
    }

    /// `media-empty-error` → (`media-empty`, `error`).
    private static func split(_ keyword: String) -> (String, String) {
        for severity in ["error", "warning", "report"] where keyword.hasSuffix("-" + severity) {
            return (String(keyword.dropLast(severity.count + 1)), severity)
        }
        return (keyword, "")
    }
}
