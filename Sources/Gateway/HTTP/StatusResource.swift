import Core
import Foundation

struct StatusResource: Encodable {
    let state: String
    let reasons: [String]
    let detail: String?
    let checkedAt: Date?

    init(_ status: PrinterStatus) {
        state = status.state.rawValue
        reasons = status.reasons.map(\.rawValue)
        detail = status.detail
        checkedAt = status.checkedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(detail, forKey: .detail)
        try container.encode(checkedAt, forKey: .checkedAt)
    }

    enum CodingKeys: String, CodingKey {
        case state, reasons, detail
        case checkedAt = "checked_at"
    }
}
