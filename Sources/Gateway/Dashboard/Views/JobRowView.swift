import Core
import Foundation

/// One job as a row of a list, or as a printer's current job.
struct JobRowView {
    let id: String
    let shortID: String
    let href: String
    let printer: String
    let printerHref: String
    let status: String
    /// Why it waits, in words; empty when it does not. (Not optional: Mustache looks a missing name up in the
    /// enclosing views.)
    let waiting: String
    let isWaiting: Bool
    let progress: ProgressBar
    let attempts: String
    let age: String
    let createdAt: String
    let template: String
    let reprint: Bool
    let reprintHref: String

    init(_ job: Job, now: Date) {
        id = job.id.uuidString.lowercased()
        shortID = String(id.prefix(8))
        href = "/jobs/\(id)"
        printer = job.printer
        printerHref = "/printers/\(Chrome.encode(job.printer))"
        status = job.status.rawValue
        waiting = job.waitingReason.map(DashboardWords.waiting) ?? ""
        isWaiting = job.waitingReason != nil
        progress = ProgressBar(printed: job.printedCount, failed: job.failedCount, total: job.labelCount)
        attempts = "\(job.attempts)/\(job.maxAttempts)"
        age = DashboardWords.age(job.createdAt, now: now)
        createdAt = DashboardWords.time(job.createdAt)
        template = job.template ?? "ZPL"
        reprint = job.reprintOfJobID != nil
        reprintHref = job.reprintOfJobID.map { "/jobs/\($0.uuidString.lowercased())" } ?? ""
    }
}
