import Foundation

/// One GS1 element: an Application Identifier and its value, already checked against the AI.
///
/// Make elements from typed inputs (`gtin(_:)`, `netWeightKilograms(_:decimals:)`, …) or from an AI code and a
/// value (`init(ai:value:)`); each throws a `GS1Error` naming the AI and the problem.
public struct GS1Element: Sendable, Hashable, CustomStringConvertible {
    public let ai: GS1ApplicationIdentifier
    /// The value as it is encoded, without the AI: "09501101530003", "001234", "L42".
    public let value: String

    /// The element in human-readable form: "(01)09501101530003".
    public var description: String { "(\(ai.code))\(value)" }

    /// An element for `ai` (its digits, e.g. "3103"), checked against the AI table.
    public init(ai code: String, value: String) throws(GS1Error) {
        guard let ai = GS1ApplicationIdentifier(code: code) else {
            throw GS1Error(.unknownAI, ai: code, "is not a supported Application Identifier")
        }
        try self.init(ai, value)
    }

    /// An element for `ai`, checked against it.
    public init(_ ai: GS1ApplicationIdentifier, _ value: String) throws(GS1Error) {
        try ai.validate(value)
        self.ai = ai
        self.value = value
    }
}

extension GS1Element {
    /// The four date AIs.
    public enum DateKind: String, Sendable, CaseIterable {
        case production = "11"
        case packaging = "13"
        case bestBefore = "15"
        case expiration = "17"

        public var ai: GS1ApplicationIdentifier {
            switch self {
            case .production: .productionDate
            case .packaging: .packagingDate
            case .bestBefore: .bestBeforeDate
            case .expiration: .expirationDate
            }
        }
    }

    /// AI 01. GTIN-8, -12 and -13 are padded with leading zeros to 14 digits; the check digit is verified.
    public static func gtin(_ gtin: String) throws(GS1Error) -> GS1Element {
        let ai = GS1ApplicationIdentifier.gtin
        if let bad = gtin.first(where: { $0.asciiDigit == nil }) {
            throw GS1Error(.notNumeric, ai: ai.code, "'\(bad)' is not a digit")
        }
        guard [8, 12, 13, 14].contains(gtin.count) else {
            throw GS1Error(.length, ai: ai.code, "a GTIN has 8, 12, 13 or 14 digits, not \(gtin.count)")
        }
        return try GS1Element(ai, String(repeating: "0", count: 14 - gtin.count) + gtin)
    }

    /// AI 00: an 18-digit SSCC with its check digit.
    public static func sscc(_ sscc: String) throws(GS1Error) -> GS1Element {
        try GS1Element(.sscc, sscc)
    }

    /// AI 10: a batch or lot number, 1 to 20 characters of GS1 character set 82.
    public static func lot(_ lot: String) throws(GS1Error) -> GS1Element {
        try GS1Element(.batchOrLot, lot)
    }

    /// AI 21: a serial number, 1 to 20 characters of GS1 character set 82.
    public static func serial(_ serial: String) throws(GS1Error) -> GS1Element {
        try GS1Element(.serialNumber, serial)
    }

    /// AI 37: a count of items, 1 to 99,999,999.
    public static func count(_ count: Int) throws(GS1Error) -> GS1Element {
        guard (1...99_999_999).contains(count) else {
            throw GS1Error(.outOfRange, ai: "37", "count \(count) is not 1 to 99999999")
        }
        return try GS1Element(.count, String(count))
    }

    /// A date AI from a `Date`, taking the calendar day in `timeZone` (UTC unless told). Years 2000 to 2099.
    public static func date(_ kind: DateKind, _ date: Date, timeZone: TimeZone = .gmt) throws(GS1Error) -> GS1Element {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day, (2000...2099).contains(year) else {
            throw GS1Error(.invalidDate, ai: kind.rawValue, "year \(parts.year ?? 0) is not 2000 to 2099")
        }
        return try GS1Element(kind.ai, twoDigits(year % 100) + twoDigits(month) + twoDigits(day))
    }

    /// A date AI from text: `YYMMDD` (DD may be `00`, the end of the month) or ISO `YYYY-MM-DD` (years 2000–2099).
    public static func date(_ kind: DateKind, _ text: String) throws(GS1Error) -> GS1Element {
        let ai = kind.rawValue
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return try GS1Element(kind.ai, text) }
        guard parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.asciiDigit != nil } }), let year = Int(parts[0])
        else {
            throw GS1Error(.invalidDate, ai: ai, "'\(text)' is neither YYMMDD nor YYYY-MM-DD")
        }
        guard (2000...2099).contains(year) else {
            throw GS1Error(.invalidDate, ai: ai, "year \(year) is not 2000 to 2099")
        }
        guard parts[2] != "00" else {
            throw GS1Error(.invalidDate, ai: ai, "day 00 in '\(text)': write the end of month as YYMM00")
        }
        return try GS1Element(kind.ai, String(parts[0].suffix(2)) + parts[1] + parts[2])
    }

    /// AI 310n: net weight in kilograms, rounded half-up to `decimals` (0–5) decimals; must be more than 0 and fit
    /// 6 digits (at most 999999 with 0 decimals, 999.999 with 3).
    public static func netWeightKilograms(_ kilograms: Decimal, decimals: Int) throws(GS1Error) -> GS1Element {
        try weight(kilograms, decimals: decimals, unit: "kg", ai: GS1ApplicationIdentifier.netWeightKilograms, "310")
    }

    /// AI 320n: net weight in pounds, rounded half-up to `decimals` (0–5) decimals; more than 0, 6 digits.
    public static func netWeightPounds(_ pounds: Decimal, decimals: Int) throws(GS1Error) -> GS1Element {
        try weight(pounds, decimals: decimals, unit: "lb", ai: GS1ApplicationIdentifier.netWeightPounds, "320")
    }

    private static func weight(
        _ amount: Decimal, decimals: Int, unit: String, ai makeAI: (Int) -> GS1ApplicationIdentifier?,
        _ prefix: String
    ) throws(GS1Error) -> GS1Element {
        guard let ai = makeAI(decimals) else {
            throw GS1Error(.outOfRange, ai: "\(prefix)n", "\(decimals) decimals is not 0 to 5")
        }
        guard !amount.isNaN else { throw GS1Error(.outOfRange, ai: ai.code, "weight is not a number") }
        var rounded = Decimal()
        var input = amount
        NSDecimalRound(&rounded, &input, decimals, .plain)  // .plain rounds halves away from zero: half-up here
        var scale = Decimal(1)
        for _ in 0..<decimals { scale *= 10 }
        let scaled = rounded * scale
        guard scaled <= 999_999 else {
            throw GS1Error(
                .outOfRange, ai: ai.code, "\(amount) \(unit) does not fit 6 digits with \(decimals) decimals")
        }
        guard scaled > 0 else {
            throw GS1Error(
                .outOfRange, ai: ai.code, "\(amount) \(unit) is not more than 0 with \(decimals) decimals")
        }
        let digits = String(NSDecimalNumber(decimal: scaled).intValue)
        return try GS1Element(ai, String(repeating: "0", count: 6 - digits.count) + digits)
    }

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
}
