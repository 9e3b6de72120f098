import Core
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Decodes the JSON body: a body that does not say it is JSON answers 415, one too large 413, malformed JSON 400
    /// with where it broke, and so does a key given twice in one object.
    func decodeJSON<T: Decodable>(_ type: T.Type, maxBytes: Int) async throws -> T {
        guard Self.isJSON(headers[.contentType]) else {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type",
                "send the body as JSON, with Content-Type: application/json",
                details: ["content_type": headers[.contentType].map(JSONValue.string) ?? .null])
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(maxBytes) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request has no JSON body") }
        let data = Data(buffer.readableBytesView)
        // Before the route's own checks: which of two values counts depends on the parser, so neither is read.
        if let path = JSONDuplicateKeys.firstDuplicate(in: buffer.readableBytesView) {
            throw APIError.badRequest(
                "\(path) is given more than once; give each key once", details: ["field": .string(path)])
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest("the body is not the JSON this route takes: \(error.readableDescription)")
        }
        if let path = Self.nulCharacterPath(in: data) {
            throw APIError.unprocessable(
                "invalid_text", "\(path) contains the NUL character (\\u0000), which no text may hold",
                details: ["field": .string(path)])
        }
        return value
    }

    /// Whether a `Content-Type` names JSON: `application/json` or a `+json` type, with any parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// Where the body has a string holding U+0000, which PostgreSQL text cannot store; nil when none does.
    /// JSON can only carry it as the escape `\u0000`, so the bytes are scanned first and parsed only if one is there.
    static func nulCharacterPath(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var index = 0
        var found = false
        while index < bytes.count, !found {
            if bytes[index] == UInt8(ascii: "\\") {
                found = bytes[(index + 1)...].prefix(5).elementsEqual("u0000".utf8)
                index += 2
            } else {
                index += 1
            }
        }
        guard found, let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        return value.nulCharacterPath(at: "")
    }
}

extension JSONValue {
    fileprivate func nulCharacterPath(at path: String) -> String? {
        switch self {
        case .string(let text):
            return text.unicodeScalars.contains("\0") ? (path.isEmpty ? "the body" : path) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.nulCharacterPath(at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (key, item) in members.sorted(by: { $0.key < $1.key }) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.unicodeScalars.contains("\0") { return child }
                if let found = item.nulCharacterPath(at: child) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

extension DecodingError {
    /// Where decoding broke, as a path such as `labels[3].zpl`, and why, without Swift type names.
    var readableDescription: String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "the body" : text
        }
        switch self {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "\(path(context.codingPath)) is not valid"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.describe(type))"
        @unknown default:
            return "it could not be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

extension Parameters {
    /// A UUID path parameter; anything else answers 404 as an unknown resource.
    func uuid(_ name: String, resource: String) throws -> UUID {
        guard let text = get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound("\(resource)_not_found", "no \(resource) with id '\(get(name) ?? "")'")
        }
        return id
    }
}
