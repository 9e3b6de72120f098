import Core
import Foundation

/// What the dashboard's job list asks for: filters, a search, and a page.
public struct JobListQuery: Sendable {
    /// A status, or one of the lists a person looks at: `waiting` (queued with a reason) and `partial` (completed
    /// with failed labels).
    public enum Filter: Sendable, Hashable {
        case status(JobStatus)
        case waiting
        case partial

        public init?(_ text: String) {
            switch text {
            case "waiting": self = .waiting
            case "partial": self = .partial
            default:
                guard let status = JobStatus(rawValue: text) else { return nil }
                self = .status(status)
            }
        }

        public var name: String {
            switch self {
            case .status(let status): status.rawValue
            case .waiting: "waiting"
            case .partial: "partial"
            }
        }
    }

    /// Where a page starts: after (older than) or before (newer than) a job of the previous page.
    public enum Position: Sendable {
        case olderThan(String)
        case newerThan(String)
    }

    public var filter: Filter?
    public var printer: String?
    public var site: String?
    /// Jobs created at or after `from` and before `to`.
    public var from: Date?
    public var to: Date?
    /// A job id, an idempotency key or a lot printed on one of its labels.
    public var search: String?
    public var position: Position?
    public var limit: Int

    public init(
        filter: Filter? = nil, printer: String? = nil, site: String? = nil, from: Date? = nil, to: Date? = nil,
        search: String? = nil, position: Position? = nil, limit: Int = 50
    ) {
        (self.filter, self.printer, self.site, self.from, self.to) = (filter, printer, site, from, to)
        (self.search, self.position, self.limit) = (search, position, limit)
    }
}

/// One page of the job list, newest first, with the cursors of the pages around it (nil at either end).
public struct JobListPage: Sendable {
    public var jobs: [Job]
    public var older: String?
    public var newer: String?
}
