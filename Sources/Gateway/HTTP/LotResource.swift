import Core
import Foundation
import Hummingbird

struct LotResource: ResponseEncodable {
    let record: LotRecord

    enum CodingKeys: String, CodingKey {
        case lot
        case allocatedAt = "allocated_at"
        case jobID = "job_id"
        case labelNumber = "label_number"
        case labelStatus = "label_status"
        case printedAt = "printed_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.lot, forKey: .lot)
        try container.encode(record.allocatedAt, forKey: .allocatedAt)
        try container.encode(record.jobID?.uuidString.lowercased(), forKey: .jobID)
        try container.encode(record.labelNumber, forKey: .labelNumber)
        try container.encode(record.labelStatus, forKey: .labelStatus)
        try container.encode(record.printedAt, forKey: .printedAt)
    }
}
