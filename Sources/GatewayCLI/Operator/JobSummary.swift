import Foundation

/// The fields of the API's job resource the commands show. Fields the server may not send yet (`priority`,
/// `expires_at`, `end_reason`) are optional.
struct JobSummary: Decodable, Sendable {
    let id: String
    let printer: String
    let template: String?
    let status: String
    let waitingReason: String?
    let labelCount: Int
    let printedCount: Int
    let failedCount: Int
    let attempts: Int
    let maxAttempts: Int?
    let lastError: String?
    let nextAttemptAt: String?
    let reprintOfJobId: String?
    let idempotencyKey: String?
    let confirmation: String?
    let priority: Int?
    let expiresAt: String?
    let endReason: String?
    /// The printer a move waits to hand the job to, while the old one confirms what it holds.
    let movingTo: String?
    let submittedBy: String?
    let createdAt: String
    let updatedAt: String
    let completedAt: String?

    static let endStatuses: Set<String> = ["completed", "failed", "cancelled"]

    var hasEnded: Bool { Self.endStatuses.contains(status) }

    /// Ended with every label printed.
    var succeeded: Bool { status == "completed" && failedCount == 0 }

    /// The status with why a queued job waits: `queued (held)`.
    var state: String {
        guard let waitingReason, !hasEnded else { return status }
        return "\(status) (\(waitingReason))"
    }

    /// `120/200`, with the failed labels when there are any.
    var progress: String {
        "\(printedCount)/\(labelCount)" + (failedCount > 0 ? " (\(failedCount) failed)" : "")
    }

    /// One sentence on how it ended, or where it is.
    var outcome: String {
        var text = "job \(id) \(status) on \(printer): \(printedCount) of \(labelCount) labels printed"
        if failedCount > 0 { text += ", \(failedCount) failed" }
        if let endReason, endReason != status { text += " (\(endReason.replacingOccurrences(of: "_", with: " ")))" }
        if !succeeded, let lastError { text += "; last error: \(lastError)" }
        return text
    }

    /// The colour of a status in a table or a bar.
    static func style(_ state: String) -> Terminal.Style? {
        if state.hasPrefix("completed") { return .good }
        if state.hasPrefix("failed") || state.hasPrefix("cancelled") { return .bad }
        if state.contains("(") { return .warning }
        return nil
    }

    /// Whether this is newer than `other` (an event may arrive after a fresher read of the same job).
    func isNewer(than other: JobSummary) -> Bool {
        guard let mine = Timestamp.date(updatedAt), let theirs = Timestamp.date(other.updatedAt) else { return true }
        return mine > theirs || (mine == theirs && printedCount + failedCount >= other.printedCount + other.failedCount)
    }
}

/// `{"items": [...], "next_cursor": ...}`.
struct ListPage<Item: Decodable & Sendable>: Decodable, Sendable {
    let items: [Item]
    let nextCursor: String?
}

/// RFC 3339 times as the API writes them, and ages as a table shows them.
enum Timestamp {
    static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// `45s`, `12m`, `3h`, `2d`: how long ago `text` was, `-` when it is not a time.
    static func age(_ text: String?, now: Date = Date()) -> String {
        guard let text, let date = date(text) else { return "-" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}
