import Core
import Foundation

struct EventResource: Encodable {
    let id: Int64
    let jobID: UUID
    let kind: String
    let data: [String: String]
    let createdAt: Date
    let actor: String?

    init(_ event: JobEvent) {
        id = event.id
        jobID = event.jobID
        kind = event.kind.rawValue
        data = event.data
        createdAt = event.createdAt
        actor = event.actor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(jobID.uuidString.lowercased(), forKey: .jobID)
        try container.encode(kind, forKey: .kind)
        try container.encode(data, forKey: .data)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(actor, forKey: .actor)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, data, actor
        case jobID = "job_id"
        case createdAt = "created_at"
    }
}
