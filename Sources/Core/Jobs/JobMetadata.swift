import Foundation

/// The rules of a job's `metadata`: the caller's own ids and facts, carried with the job, its reprints and its
/// events, never read by the gateway. An object (a caller adds keys rather than guessing a shape), of at most
/// ``JobLimits/maxMetadataBytes`` as compact JSON (it travels with every answer and event about the job).
public enum JobMetadata {
    /// `value` as the object to store; empty when nil. Throws `invalid_field` naming `metadata`.
    public static func checked(_ value: JSONValue?) throws(SubmissionError) -> [String: JSONValue] {
        guard let value else { return [:] }
        guard case .object(let members) = value else {
            throw SubmissionError(.invalidField, "metadata must be a JSON object", field: "metadata")
        }
        let size = encoded(members).utf8.count
        guard size <= JobLimits.maxMetadataBytes else {
            throw SubmissionError(
                .invalidField,
                "metadata is \(size) bytes as JSON; it may have at most \(JobLimits.maxMetadataBytes)",
                field: "metadata")
        }
        return members
    }

    /// Compact JSON with sorted keys: how it is stored and measured.
    public static func encoded(_ members: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(members)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The stored JSON read back; empty for none or for text that is not an object.
    public static func decoded(_ text: String?) -> [String: JSONValue] {
        guard let text, let data = text.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: JSONValue].self, from: data)) ?? [:]
    }
}
