import Hummingbird

/// `{"items": [...], "next_cursor": ...}`.
struct Page<Item: Encodable>: ResponseEncodable {
    let items: [Item]
    let nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// A list's `?limit=`: 50 when absent, at most 500.
enum PageLimit {
    static func parse(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 50 }
        guard let value = Int(text), value >= 1 else {
            throw APIError.badRequest("limit must be a whole number from 1 to 500")
        }
        return min(value, 500)
    }
}
