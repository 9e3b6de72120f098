import Core
import Foundation
import Store

/// `/jobs/{id}`: every field of the job, its labels, history, reprint family, last error and a label's ZPL.
struct JobPage {
    struct Field {
        let name: String
        let value: String
        let href: String?
    }

    struct Label {
        let number: Int
        let status: String
        let failed: Bool
        let lot: String
        let printedAt: String
        let zplHref: String
        let previewSrc: String
        let shown: Bool
    }

    struct Event {
        let time: String
        let kind: String
        let details: String
        let actor: String
    }

    struct Relative {
        let id: String
        let href: String
        let status: String
        let labelCount: Int
        let createdAt: String
        let role: String
        let current: Bool
    }

    let chrome: Chrome
    let job: JobRowView
    let fields: [Field]
    let labels: [Label]
    let labelsTruncated: Bool
    let labelLimit: Int
    let labelCount: Int
    let events: [Event]
    let lineage: [Relative]
    let hasLineage: Bool
    let lastError: String?
    let zpl: String?
    let zplNumber: Int
    /// The shown label's preview image.
    let previewSrc: String
}

extension JobPage {
    init(_ detail: JobDetail, chrome: Chrome, now: Date) {
        let job = detail.job
        let row = JobRowView(job, now: now)
        self.chrome = chrome
        self.job = row
        func time(_ date: Date?) -> String { date.map(DashboardWords.time) ?? "" }
        let reprintOf = job.reprintOfJobID?.uuidString.lowercased()
        fields = [
            Field(name: "id", value: row.id, href: nil),
            Field(name: "printer", value: job.printer, href: row.printerHref),
            Field(name: "template", value: job.template ?? "(ready-made ZPL)", href: nil),
            Field(name: "status", value: job.status.rawValue, href: nil),
            Field(
                name: "waiting_reason",
                value: job.waitingReason.map {
                    "\($0.rawValue) (\(DashboardWords.waiting($0)))"
                } ?? "", href: nil),
            Field(name: "label_count", value: "\(job.labelCount)", href: nil),
            Field(name: "printed_count", value: "\(job.printedCount)", href: nil),
            Field(name: "failed_count", value: "\(job.failedCount)", href: nil),
            Field(name: "attempts", value: "\(job.attempts)", href: nil),
            Field(name: "max_attempts", value: "\(job.maxAttempts)", href: nil),
            Field(name: "last_error", value: job.lastError ?? "", href: nil),
            Field(name: "next_attempt_at", value: time(job.nextAttemptAt), href: nil),
            Field(name: "reprint_of_job_id", value: reprintOf ?? "", href: reprintOf.map { "/jobs/\($0)" }),
            Field(name: "idempotency_key", value: job.idempotencyKey ?? "", href: nil),
            Field(name: "confirmation", value: job.confirmation?.rawValue ?? "", href: nil),
            Field(name: "created_at", value: time(job.createdAt), href: nil),
            Field(name: "updated_at", value: time(job.updatedAt), href: nil),
            Field(name: "completed_at", value: time(job.completedAt), href: nil),
            Field(name: "submitted_by", value: job.submittedBy ?? "", href: nil),
            Field(name: "priority", value: "\(job.priority)", href: nil),
            Field(name: "expires_at", value: time(job.expiresAt), href: nil),
            Field(name: "end_reason", value: job.endReason?.rawValue ?? "", href: nil),
            Field(name: "moving_to", value: job.movingTo ?? "", href: job.movingTo.map { "/printers/\($0)" }),
            Field(name: "metadata", value: Self.json(job.metadata), href: nil),
        ]
        labels = detail.labels.map { label in
            Label(
                number: label.number, status: label.status.rawValue, failed: label.status == .failed,
                lot: label.lot ?? "", printedAt: time(label.printedAt),
                zplHref: "/jobs/\(row.id)?zpl=\(label.number)#zpl",
                previewSrc: "/jobs/\(row.id)/labels/\(label.number)/preview.png",
                shown: label.number == detail.zplNumber)
        }
        labelCount = job.labelCount
        labelLimit = DashboardRepository.labelLimit
        labelsTruncated = job.labelCount > detail.labels.count
        events = detail.history.map { event in
            Event(
                time: time(event.createdAt), kind: event.kind.rawValue,
                details: event.data.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                    separator: ", "),
                actor: event.actor ?? "")
        }
        lineage = detail.lineage.map { entry in
            let id = entry.id.uuidString.lowercased()
            return Relative(
                id: id, href: "/jobs/\(id)", status: entry.status.rawValue, labelCount: entry.labelCount,
                createdAt: time(entry.createdAt), role: entry.reprintOf == nil ? "original" : "reprint",
                current: entry.id == job.id)
        }
        hasLineage = detail.lineage.count > 1
        lastError = job.lastError
        zpl = detail.zpl
        zplNumber = detail.zplNumber
        previewSrc = "/jobs/\(row.id)/labels/\(detail.zplNumber)/preview.png"
    }

    /// The caller's metadata as compact JSON, keys sorted.
    static func json(_ metadata: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(metadata)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
