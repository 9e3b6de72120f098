import Core
import Foundation
import Testing

/// What the API answers must not change with the encoder: each value is encoded by ``CompactJSONEncoder`` and by
/// Foundation's `JSONEncoder` set as the API's was (sorted keys, RFC 3339 dates), and the two must give the same
/// JSON, byte for byte where Foundation's form is the compact one.
@Suite("Core: the compact JSON encoder of the responses")
struct CompactJSONEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var score: Double?
    }

    enum Kind: Codable, Equatable {
        case plain
        case sized(width: Int, height: Int)
    }

    struct Sample: Codable, Equatable {
        var id: UUID
        var text: String
        var count: Int
        var small: Int8
        var big: UInt64
        var negative: Int64
        var flag: Bool
        var ratio: Double
        var tiny: Double
        var whole: Double
        var missing: String?
        var when: Date
        var later: Date?
        var link: URL
        var amount: Decimal
        var inner: Inner
        var list: [Inner]
        var nested: [[Int]]
        var byName: [String: Int]
        var byNumber: [Int: String]
        var metadata: [String: JSONValue]
        var kind: Kind
        var other: Kind

        enum CodingKeys: String, CodingKey {
            case id, text, count, small, big, negative, flag, ratio, tiny, whole, missing, when, later, link, amount
            case inner, list, nested, metadata, kind, other
            case byName = "by_name"
            case byNumber = "by_number"
        }
    }

    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let compact = CompactJSONEncoder(date: { style.format($0) })
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(style.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let sample = Sample(
        id: UUID(uuidString: "6F1C2B9E-0D4A-4C1B-9A55-3E1B2C3D4E5F")!,
        text: "quote \" backslash \\ slash / tab \t newline \n bell \u{07} unicode é ✓ 🏷",
        count: 42, small: -8, big: .max, negative: .min, flag: true, ratio: 0.1, tiny: 1e-7, whole: 3,
        missing: nil, when: Date(timeIntervalSince1970: 1_796_168_056.964), later: nil,
        link: URL(string: "https://id.example.com/01/09501101530003?x=1")!, amount: Decimal(string: "12.345")!,
        inner: Inner(name: "a", tags: [], score: nil),
        list: [Inner(name: "b", tags: ["x", "y"], score: 2.5), Inner(name: "c", tags: ["z"], score: -0.25)],
        nested: [[1, 2], [], [3]], byName: ["zeta": 1, "alpha": 2, "Beta": 3, "_under": 4],
        byNumber: [10: "ten", 2: "two"],
        metadata: [
            "order": .string("MO-1"), "boxes": .integer(200), "weight": .number(12.5), "ok": .bool(false),
            "none": .null, "list": .array([.integer(1), .string("two")]), "deep": .object(["k": .object([:])]),
        ],
        kind: .plain, other: .sized(width: 1218, height: 1800))

    @Test("every kind of value gives the bytes Foundation gives")
    func sameBytesAsFoundation() throws {
        let ours = String(decoding: try Self.compact.encode(Self.sample), as: UTF8.self)
        let theirs = String(decoding: try Self.foundation.encode(Self.sample), as: UTF8.self)
        #expect(ours == theirs)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try Self.style.parse(try decoder.singleValueContainer().decode(String.self))
        }
        let decoded = try decoder.decode(Sample.self, from: Data(ours.utf8))
        #expect(decoded.text == Self.sample.text && decoded.metadata == Self.sample.metadata)
    }

    @Test("top-level arrays, strings, numbers and null; a key set twice keeps its last value")
    func topLevelAndRepeatedKeys() throws {
        #expect(try Self.compact.encode([1, 2, 3]) == Array("[1,2,3]".utf8))
        #expect(try Self.compact.encode("a\u{01}b") == Array(#""a\u0001b""#.utf8))
        #expect(try Self.compact.encode(Optional<Int>.none) == Array("null".utf8))
        #expect(try Self.compact.encode(1.5) == Array("1.5".utf8))
        struct Twice: Encodable {
            enum Key: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(1, forKey: .b)
                try container.encode(2, forKey: .a)
                try container.encode(3, forKey: .b)
            }
        }
        #expect(String(decoding: try Self.compact.encode(Twice()), as: UTF8.self) == #"{"a":2,"b":3}"#)
        #expect(try Self.compact.encode(Twice()) == Array(try Self.foundation.encode(Twice())))
    }

    @Test("a number with no JSON form is an error, as in Foundation")
    func nonFiniteIsAnError() throws {
        #expect(throws: EncodingError.self) { try Self.compact.encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try Self.compact.encode([Double.infinity]) }
        do {
            _ = try Self.compact.encode(["outer": [["inner": [1, Double.nan]]]])
            Issue.record("NaN was encoded")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["outer", "Index 0", "inner", "Index 1"])
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
