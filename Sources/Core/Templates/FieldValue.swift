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

    static func format(_ value: Decimal, places: Int) -> String {
        var rounded = Decimal()
        var input = value
        NSDecimalRound(&rounded, &input, places, .plain)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = places
        formatter.maximumFractionDigits = places
        formatter.minimumIntegerDigits = 1
        formatter.usesGroupingSeparator = false
        return formatter.string(from: rounded as NSDecimalNumber) ?? "\(rounded)"
    }
}
