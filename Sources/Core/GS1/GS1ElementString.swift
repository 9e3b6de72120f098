/// A checked list of GS1 elements in the order they are encoded, ready for a GS1-128 barcode.
///
/// Ordering rule: fixed-length AIs first, then variable-length AIs, each group in the caller's order (a stable
/// partition). A variable-length AI needs an FNC1 after it unless it is last, so with at most one variable-length AI no
/// separator is needed, and with several the caller's order among them is kept.
public struct GS1ElementString: Sendable, Hashable, CustomStringConvertible {
    /// The elements in encoding order.
    public let elements: [GS1Element]

    /// Data characters one GS1-128 symbol may carry, counting AIs and FNC1 separators, not the leading FNC1.
    public static let maxDataCharacters = 48

    /// Orders `elements` by the rule above and checks the whole: not empty, no AI twice, at most `maxDataCharacters`
    /// data characters (48, what one GS1-128 symbol carries; nil for 2D symbols, whose capacity our AIs cannot fill).
    public init(_ elements: [GS1Element], maxDataCharacters: Int? = Self.maxDataCharacters) throws(GS1Error) {
        guard !elements.isEmpty else {
            throw GS1Error(.empty, ai: nil, "a GS1 element string needs at least one element")
        }
        var seen = Set<String>()
        for element in elements where !seen.insert(element.ai.code).inserted {
            throw GS1Error(.duplicateAI, ai: element.ai.code, "appears more than once")
        }
        var weights = [Substring: String]()  // 310n and 320n: one of each family, whatever n
        for element in elements where element.ai.decimals != nil {
            let family = element.ai.code.prefix(3)
            if let first = weights[family] {
                throw GS1Error(.duplicateAI, ai: element.ai.code, "the same net weight is already given as AI \(first)")
            }
            weights[family] = element.ai.code
        }
        self.elements = elements.filter(\.ai.isFixedLength) + elements.filter { !$0.ai.isFixedLength }
        let count = data().count
        if let maxDataCharacters, count > maxDataCharacters {
            throw GS1Error(
                .tooLong, ai: nil,
                "\(humanReadable) has \(count) data characters; one GS1-128 symbol carries at most \(maxDataCharacters)"
            )
        }
    }

    /// The human-readable interpretation: "(01)09501101530003(3103)001234(10)L42".
    public var humanReadable: String { elements.map(\.description).joined() }

    public var description: String { humanReadable }

    /// The data as a scanner transmits it after the symbology identifier `]C1`: AIs and values, with `separator`
    /// (GS, ASCII 29, for FNC1) after every variable-length value that is not last. The leading FNC1 is not included.
    public func data(separator: Character = "\u{1D}") -> String {
        var result = ""
        for (index, element) in elements.enumerated() {
            result += element.ai.code + element.value
            if element.ai.needsSeparatorWhenNotLast && index < elements.count - 1 { result.append(separator) }
        }
        return result
    }
}
