import Foundation

/// One entry of the outbox: a change to a job or a printer, as it was when it committed, in the order of all changes
/// (``sequence``). Written by the database in the change's own transaction, so none is lost and none is invented.
public struct GatewayEvent: Sendable, Hashable {
    /// The order of all events, without gaps being meaningful; what a stream resumes after.
    public var sequence: Int64
    public var id: UUID
    public var type: String
    public var jobID: UUID?
    public var printerID: UUID?
    /// The resource at the time, as JSON text: `{"job": {…}}` or `{"printer": {…}}`.
    public var data: String
    public var createdAt: Date

    public init(
        sequence: Int64, id: UUID, type: String, jobID: UUID?, printerID: UUID?, data: String, createdAt: Date
    ) {
        (self.sequence, self.id, self.type, self.jobID, self.printerID, self.data, self.createdAt) =
            (sequence, id, type, jobID, printerID, data, createdAt)
    }

    /// Every type there is.
    public static let types: [String] = [
        "job.queued", "job.printing", "job.waiting", "job.progress", "job.completed", "job.failed", "job.cancelled",
        "printer.status",
    ]

    /// `{"id", "sequence", "type", "created_at", "data"}`: the envelope every push carries.
    public var envelope: String {
        let created = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(createdAt)
        return """
            {"id":"\(id.uuidString.lowercased())","sequence":\(sequence),"type":"\(type)",\
            "created_at":"\(created)","data":\(data)}
            """
    }
}
