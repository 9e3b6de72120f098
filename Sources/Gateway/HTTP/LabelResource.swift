import Core
import Foundation

struct LabelResource: Encodable {
    let number: Int
    let status: String
    let lot: String?
    let printedAt: Date?

    init(_ label: JobLabel) {
        number = label.number
        status = label.status.rawValue
        lot = label.lot
        printedAt = label.printedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(status, forKey: .status)
        try container.encode(lot, forKey: .lot)
        try container.encode(printedAt, forKey: .printedAt)
    }

    enum CodingKeys: String, CodingKey {
        case number, status, lot
        case printedAt = "printed_at"
    }
}
