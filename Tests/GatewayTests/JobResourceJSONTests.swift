import Core
import Foundation
import Testing

@testable import Gateway

/// The job resource writes its own JSON (``JSONWritable``); it must be what its `Encodable` form gives, byte for byte
/// (Foundation's encoder with sorted keys, RFC 3339 dates and unescaped slashes, as every other answer).
@Suite struct JobResourceJSONTests {
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(style.format(date))
        }
        return encoder
    }()

    static let sparse = Job(
        id: UUID(), printerID: UUID(), printer: "line1", template: nil, status: .queued, waitingReason: nil,
        labelCount: 1, printedCount: 0, failedCount: 0, attempts: 0, maxAttempts: 5, lastError: nil,
        nextAttemptAt: nil, reprintOfJobID: nil, idempotencyKey: nil, confirmation: nil,
        createdAt: Date(timeIntervalSince1970: 1_796_186_026.298),
        updatedAt: Date(timeIntervalSince1970: 1_796_186_027),
        completedAt: nil)

    static let full = Job(
        id: UUID(), printerID: UUID(), printer: "line-2", template: "product-gs1", status: .completed,
        waitingReason: .paperOut, labelCount: 1_000, printedCount: 998, failedCount: 2, attempts: 3, maxAttempts: 5,
        lastError: "the printer said \"head open\"\n\tat label 7 \u{1}/ä",
        nextAttemptAt: Date(timeIntervalSince1970: 3),
        reprintOfJobID: UUID(), idempotencyKey: "odoo/MO-7/1", confirmation: .printed,
        createdAt: Date(timeIntervalSince1970: 1_700_000_000.123_4),
        updatedAt: Date(timeIntervalSince1970: 1_700_000_001),
        completedAt: Date(timeIntervalSince1970: 1_700_000_002.5), submittedBy: "odoo",
        metadata: [
            "mo": .string("MO/0007"), "boxes": .integer(200), "weight": .number(1.25), "rush": .bool(true),
            "lines": .array([.string("a"), .null]), "odoo": .object(["id": .integer(7), "b": .string("x")]),
        ],
        priority: -3, expiresAt: Date(timeIntervalSince1970: 1_800_000_000), endReason: .completed,
        movingTo: "line3")

    @Test("the written JSON is the Encodable form's", arguments: [sparse, full])
    func sameBytes(_ job: Job) throws {
        let resource = JobResource(job)
        let written = try GatewayResponseEncoder.shared.json.encode(resource)
        let encoded = try Self.foundation.encode(resource)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }
}
