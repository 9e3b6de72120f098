import Foundation

/// One declared field of a template.
public struct TemplateField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case string
        case integer
        case decimal(places: Int)
        case date
        case gtin
        case lot
        /// Net weight in kilograms, with this many decimals.
        case weight(decimals: Int)

        public var name: String {
            switch self {
            case .string: "string"
            case .integer: "integer"
            case .decimal: "decimal"
            case .date: "date"
            case .gtin: "gtin"
            case .lot: "lot"
            case .weight: "weight"
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var required: Bool
    public var maxLength: Int?
    public var minimum: Decimal?
    public var maximum: Decimal?

    public init(
        name: String, kind: Kind, required: Bool = false, maxLength: Int? = nil, minimum: Decimal? = nil,
        maximum: Decimal? = nil
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.maxLength = maxLength
        self.minimum = minimum
        self.maximum = maximum
    }
}
