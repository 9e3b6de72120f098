/// A command's parameters split at the delimiter; missing or empty ones read as nil, so defaults apply.
struct ZPLParameters {
    let fields: [ArraySlice<UInt8>]

    init(_ bytes: ArraySlice<UInt8>, delimiter: UInt8, limit: Int = 16) {
        var fields: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex, fields.count < limit - 1 {
            if bytes[index] == delimiter {
                fields.append(bytes[start..<index])
                start = index + 1
            }
            index += 1
        }
        fields.append(bytes[start..<bytes.endIndex])
        self.fields = fields
    }

    subscript(_ position: Int) -> ArraySlice<UInt8>? {
        guard position < fields.count else { return nil }
        let field = Self.trimmed(fields[position])
        return field.isEmpty ? nil : field
    }

    /// The integer at `position`, clamped to `range`; nil when absent or not a number.
    func int(_ position: Int, in range: ClosedRange<Int>) -> Int? {
        guard let field = self[position] else { return nil }
        var value = 0
        var negative = false
        var digits = 0
        for (place, byte) in field.enumerated() {
            if place == 0, byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39 else { break }
            if value < 100_000_000 { value = value * 10 + Int(byte - 0x30) }
            digits += 1
        }
        guard digits > 0 else { return nil }
        return min(max(negative ? -value : value, range.lowerBound), range.upperBound)
    }

    /// A decimal number at `position` (`^BY`'s ratio), clamped to `range`.
    func double(_ position: Int, in range: ClosedRange<Double>) -> Double? {
        guard let field = self[position], let value = Double(String(decoding: field, as: UTF8.self)) else {
            return nil
        }
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// The first byte at `position`, upper-cased.
    func letter(_ position: Int) -> UInt8? {
        self[position].flatMap(\.first).map(ZPLReader.upper)
    }

    /// A yes/no parameter: `Y` is true, `N` false, anything else the default.
    func flag(_ position: Int, default value: Bool) -> Bool {
        switch letter(position) {
        case UInt8(ascii: "Y"): true
        case UInt8(ascii: "N"): false
        default: value
        }
    }

    static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var field = field
        while let first = field.first, first == 0x20 || first == 0x0D || first == 0x0A || first == 0x09 {
            field.removeFirst()
        }
        while let last = field.last, last == 0x20 || last == 0x0D || last == 0x0A || last == 0x09 {
            field.removeLast()
        }
        return field
    }
}
