/// A GS1 element or element string that breaks the GS1 General Specifications, naming the AI and what is wrong.
///
/// `description` reads like "AI 01: check digit should be 3".
public struct GS1Error: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case unknownAI, length, notNumeric, checkDigit, characterSet, invalidDate, outOfRange
            case duplicateAI, empty, tooLong
        }
        let base: Base
        /// The AI is not in the gateway's table.
        public static let unknownAI = Code(base: .unknownAI)
        /// The value is too short or too long for the AI.
        public static let length = Code(base: .length)
        /// The AI takes digits only.
        public static let notNumeric = Code(base: .notNumeric)
        /// A GTIN or SSCC whose last digit is not the GS1 check digit.
        public static let checkDigit = Code(base: .checkDigit)
        /// A character outside GS1 character set 82.
        public static let characterSet = Code(base: .characterSet)
        /// A YYMMDD date that is not a calendar date.
        public static let invalidDate = Code(base: .invalidDate)
        /// A weight or count that is zero, negative, or does not fit the AI's digits.
        public static let outOfRange = Code(base: .outOfRange)
        /// The same AI twice in one element string.
        public static let duplicateAI = Code(base: .duplicateAI)
        /// An element string without elements.
        public static let empty = Code(base: .empty)
        /// More data characters than one GS1-128 symbol may carry.
        public static let tooLong = Code(base: .tooLong)
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The AI concerned ("01", "3103"), or nil when the problem is the element string as a whole.
    public let ai: String?
    public let message: String

    public init(_ code: Code, ai: String?, _ message: String) {
        self.code = code
        self.ai = ai
        self.message = message
    }

    public var description: String { ai.map { "AI \($0): \(message)" } ?? message }
}
