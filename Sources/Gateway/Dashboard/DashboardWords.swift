import Core
import Foundation

/// The words a person reads for the gateway's codes: "paper out", not `paper_out`.
enum DashboardWords {
    static func reason(_ reason: PrinterReason) -> String {
        printerReasons[reason] ?? reason.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    static func waiting(_ reason: WaitingReason) -> String {
        waitingReasons[reason] ?? reason.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    /// A waiting reason as stored (it may be one this build does not know).
    static func waiting(raw: String) -> String {
        WaitingReason(rawValue: raw).map(waiting) ?? raw.replacingOccurrences(of: "_", with: " ")
    }

    private static let printerReasons: [PrinterReason: String] = [
        .offline: "offline", .paperOut: "paper out", .ribbonOut: "ribbon out", .headOpen: "head open",
        .paused: "paused", .headOverTemperature: "print head too hot", .motorOverTemperature: "motor too hot",
        .headUnderTemperature: "print head too cold", .cutterFault: "cutter fault",
        .headElementBad: "print head element bad", .bufferFull: "buffer full", .corruptRAM: "memory corrupt",
        .queueStopped: "CUPS queue stopped", .notAcceptingJobs: "not accepting jobs",
        .noGatewayForSite: "no gateway running for its site", .cupsUnavailable: "CUPS server not answering",
        .other: "other fault",
    ]

    private static let waitingReasons: [WaitingReason: String] = [
        .printerOffline: "printer offline", .paperOut: "paper out", .headOpen: "head open", .ribbonOut: "ribbon out",
        .paused: "printer paused", .printerDisabled: "printer disabled", .retryBackoff: "retrying after an error",
        .printerError: "printer fault", .noGatewayForSite: "no gateway running for its site",
        .cupsUnavailable: "CUPS server not answering", .held: "held by an operator",
    ]

    /// `2025-03-01 14:05:09 UTC`.
    static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        return timeStyle.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(
            of: "Z", with: " UTC")
    }

    private static let timeStyle = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// How long ago: `12 s`, `5 min`, `3 h`, `2 d`.
    static func age(_ date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3600) h"
        default: return "\(seconds / 86_400) d"
        }
    }

    /// The scheme of a printer URI: which transport drives it.
    static func transport(_ uri: String) -> String {
        guard let end = uri.range(of: "://") else { return "" }
        return String(uri[..<end.lowerBound])
    }
}
