import Core
import Foundation
import Store

/// A printer as a tile of the overview and as its own page.
struct PrinterView {
    let name: String
    let href: String
    let state: String
    /// `ok`, `warn`, `bad` or `off`: the tile's colour.
    let tone: String
    /// What a person should read first: "Paper out", "Printing", "Ready", "Disabled"…
    let headline: String
    let reasons: [String]
    let hasReasons: Bool
    let detail: String?
    let checkedAt: String
    let transport: String
    let confirmation: String
    let uri: String
    let model: String
    let site: String
    let enabled: Bool
    let description: String
    let drivenBy: String?
    let queueDepth: Int
    let current: JobRowView?
    let currentPrinting: Bool
    let lastPrintedAt: String?
    let lastPrintedHref: String?
    let printedToday: Int

    init(_ activity: PrinterActivity, confirmation: Confirmation?, now: Date) {
        let record = activity.record
        let printer = record.printer
        name = printer.name
        href = "/printers/\(Chrome.encode(printer.name))"
        state = record.status.state.rawValue
        reasons = record.status.reasons.map(DashboardWords.reason)
        hasReasons = !reasons.isEmpty
        detail = record.status.detail
        checkedAt = record.status.checkedAt.map(DashboardWords.time) ?? "never"
        transport = DashboardWords.transport(printer.uri)
        self.confirmation = confirmation?.rawValue ?? "unknown"
        uri = PrinterURI.masked(printer.uri)
        model = record.model.name
        site = printer.site
        enabled = printer.enabled
        description = printer.description
        drivenBy = record.drivenBy
        queueDepth = activity.queueDepth
        current = activity.currentJob.map { JobRowView($0, now: now) }
        currentPrinting = activity.currentJob?.status == .printing && activity.currentJob?.waitingReason == nil
        lastPrintedAt = activity.lastPrintedAt.map(DashboardWords.time)
        lastPrintedHref = activity.lastPrintedJobID.map { "/jobs/\($0.uuidString.lowercased())" }
        printedToday = activity.printedToday
        let first = reasons.first.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        switch (printer.enabled, record.status.state) {
        case (false, _): (tone, headline) = ("off", "Disabled")
        case (true, .ready) where reasons.isEmpty:
            (tone, headline) = ("ok", currentPrinting ? "Printing" : "Ready")
        case (true, .unknown) where reasons.isEmpty: (tone, headline) = ("warn", "Not checked yet")
        case (true, .offline): (tone, headline) = ("bad", first ?? "Offline")
        default: (tone, headline) = ("bad", first ?? "Error")
        }
    }
}
