import Core
import Foundation

/// One job with everything its page shows.
public struct JobDetail: Sendable {
    public var job: Job
    /// Its labels in order, the first ``DashboardRepository/labelLimit`` of them.
    public var labels: [JobLabel]
    public var history: [JobEvent]
    /// The original job and every reprint made from it (or from its reprints), oldest first; this job included.
    public var lineage: [LineageEntry]
    /// The ZPL of label `zplNumber`, nil once pruned.
    public var zpl: String?
    public var zplNumber: Int

    /// A job of a reprint family.
    public struct LineageEntry: Sendable {
        public var id: UUID
        public var reprintOf: UUID?
        public var status: JobStatus
        public var labelCount: Int
        public var createdAt: Date
    }
}
