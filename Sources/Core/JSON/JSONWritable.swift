import Foundation

/// A value that writes its own JSON object, field by field, in the form ``CompactJSONEncoder`` gives, without the
/// tree the `Encoder` protocols need: for the responses the API serves most (a job read is one every few hundred
/// microseconds under load, and building its tree cost a tenth of the request). Its `Encodable` form stays the
/// reference; a test holds the two byte for byte equal.
public protocol JSONWritable: Encodable {
    /// Writes every field, keys in ascending order of their UTF-8 bytes, as `Encodable` would encode them.
    func writeJSON(to object: inout JSONObjectWriter) throws
}

/// Writes one JSON object's fields in order. Keys must come sorted (checked in debug builds); each value is written
/// as ``CompactJSONEncoder`` writes it.
public struct JSONObjectWriter {
    var bytes: [UInt8]
    let encoder: CompactJSONEncoder
    private var empty = true
    #if DEBUG
        private var lastKey: [UInt8] = []
    #endif

    init(bytes: [UInt8], encoder: CompactJSONEncoder) {
        self.bytes = bytes
        self.encoder = encoder
    }

    private mutating func key(_ key: StaticString) {
        let utf8 = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        #if DEBUG
            precondition(empty || lastKey.lexicographicallyPrecedes(utf8), "JSON keys out of order at \(key)")
            lastKey = Array(utf8)
        #endif
        bytes.append(empty ? UInt8(ascii: "{") : UInt8(ascii: ","))
        empty = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private mutating func null() { bytes.append(contentsOf: "null".utf8) }

    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { Node.write(string: value, to: &bytes) } else { null() }
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Date?) {
        key(name)
        if let value { Node.write(string: encoder.date(value), to: &bytes) } else { null() }
    }

    /// A UUID as its lower-case string.
    public mutating func field(_ name: StaticString, _ value: UUID?) {
        field(name, value?.uuidString.lowercased())
    }

    /// Any other value, through the `Encodable` path.
    public mutating func field(_ name: StaticString, encoding value: some Encodable) throws {
        key(name)
        try encoder.node(of: value, at: nil).write(to: &bytes)
    }

    /// A dictionary of JSON values; an empty one without the `Encodable` path.
    public mutating func field(_ name: StaticString, _ value: [String: JSONValue]) throws {
        if value.isEmpty {
            key(name)
            bytes.append(contentsOf: "{}".utf8)
        } else {
            try field(name, encoding: value)
        }
    }

    mutating func finish() {
        bytes.append(contentsOf: empty ? [UInt8(ascii: "{"), UInt8(ascii: "}")] : [UInt8(ascii: "}")])
    }
}
