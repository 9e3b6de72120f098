import Foundation

/// A label field's value after it was checked against its declared type.
enum FieldValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case decimal(Decimal, places: Int)
    /// `YYYY-MM-DD`.
    case date(String)

    /// How the value prints when the template gives no format.
    var text: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .decimal(let value, let places): FieldValue.format(value, places: places)
        case .date(let iso): iso
        }
    }

    /// `value` rounded half-up to `places` decimals, written with exactly that many (`12.500`), no grouping.
    static func format(_ value: Decimal, places: Int) -> String {
        let text = "\(value.rounded(places))"
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1).map(String.init)
        var integer = parts.first ?? "0"
        if integer.isEmpty { integer = "0" }
        var fraction = parts.count > 1 ? parts[1] : ""
        fraction += String(repeating: "0", count: max(0, places - fraction.count))
        let sign = negative ? "-" : ""
        return places == 0 ? sign + integer : sign + integer + "." + fraction.prefix(places)
    }
}
