/// One GS1 Application Identifier the gateway can encode: its digits, what its value holds, and its length.
///
/// The table follows the GS1 General Specifications (AI table) as summarised in ZEBRA.md: fixed-length AIs need no
/// FNC1 after them; variable-length AIs need one when another element follows.
public struct GS1ApplicationIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// What the value of an AI holds.
    public enum Content: Sendable, Hashable {
        /// Digits whose last one is the GS1 check digit (GTIN, SSCC).
        case digitsWithCheckDigit
        /// A date `YYMMDD`; `DD` may be `00`, meaning the end of the month.
        case date
        /// Digits only.
        case digits
        /// Characters of GS1 character set 82.
        case characterSet82
    }

    /// The AI's digits, as printed between parentheses: "01", "3103".
    public let code: String
    public let title: String
    public let content: Content
    /// Allowed value lengths in characters; one value for fixed-length AIs.
    public let length: ClosedRange<Int>
    /// For 310n and 320n: the number of decimals `n`.
    public let decimals: Int?

    /// True when the value always has the same number of characters, so no FNC1 needs to follow it.
    public var isFixedLength: Bool { length.lowerBound == length.upperBound }
    /// True when an FNC1 separator must follow the value if another element comes after it.
    public var needsSeparatorWhenNotLast: Bool { !isFixedLength }

    public var description: String { code }

    init(_ code: String, _ title: String, _ content: Content, _ length: ClosedRange<Int>, decimals: Int? = nil) {
        self.code = code
        self.title = title
        self.content = content
        self.length = length
        self.decimals = decimals
    }

    public static let sscc = GS1ApplicationIdentifier("00", "SSCC", .digitsWithCheckDigit, 18...18)
    public static let gtin = GS1ApplicationIdentifier("01", "GTIN", .digitsWithCheckDigit, 14...14)
    public static let batchOrLot = GS1ApplicationIdentifier("10", "BATCH/LOT", .characterSet82, 1...20)
    public static let productionDate = GS1ApplicationIdentifier("11", "PROD DATE", .date, 6...6)
    public static let packagingDate = GS1ApplicationIdentifier("13", "PACK DATE", .date, 6...6)
    public static let bestBeforeDate = GS1ApplicationIdentifier("15", "BEST BEFORE", .date, 6...6)
    public static let expirationDate = GS1ApplicationIdentifier("17", "USE BY", .date, 6...6)
    public static let serialNumber = GS1ApplicationIdentifier("21", "SERIAL", .characterSet82, 1...20)
    public static let count = GS1ApplicationIdentifier("37", "COUNT", .digits, 1...8)

    /// AI 310n: net weight in kilograms with `decimals` (0–5) decimals, 6 digits.
    public static func netWeightKilograms(decimals: Int) -> GS1ApplicationIdentifier? {
        guard (0...5).contains(decimals) else { return nil }
        return GS1ApplicationIdentifier("310\(decimals)", "NET WEIGHT (kg)", .digits, 6...6, decimals: decimals)
    }

    /// AI 320n: net weight in pounds with `decimals` (0–5) decimals, 6 digits.
    public static func netWeightPounds(decimals: Int) -> GS1ApplicationIdentifier? {
        guard (0...5).contains(decimals) else { return nil }
        return GS1ApplicationIdentifier("320\(decimals)", "NET WEIGHT (lb)", .digits, 6...6, decimals: decimals)
    }

    /// Every AI in the table.
    public static let all: [GS1ApplicationIdentifier] =
        [sscc, gtin, batchOrLot, productionDate, packagingDate, bestBeforeDate, expirationDate, serialNumber, count]
        + (0...5).compactMap { netWeightKilograms(decimals: $0) }
        + (0...5).compactMap { netWeightPounds(decimals: $0) }

    /// The AI with these digits, or nil when it is not in the table.
    public init?(code: String) {
        guard let found = Self.all.first(where: { $0.code == code }) else { return nil }
        self = found
    }
}
