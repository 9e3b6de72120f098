/// Which template field types may fill which GS1 application identifiers.
enum BarcodeRules {
    static let fixed = ["00", "01", "10", "11", "13", "15", "17", "21", "37"]
    static var supportedDescription: String { "00, 01, 10, 11, 13, 15, 17, 21, 3100–3105, 3200–3205, 37" }

    static func isSupported(ai: String) -> Bool {
        if fixed.contains(ai) { return true }
        guard ai.count == 4, ai.hasPrefix("310") || ai.hasPrefix("320"), let last = ai.last?.wholeNumberValue else {
            return false
        }
        return (0...5).contains(last)
    }

    /// Why `field` cannot fill `ai`, or nil.
    static func mismatch(ai: String, field: TemplateField) -> String? {
        let ok: Bool
        switch ai {
        case "00": ok = field.kind == .string
        case "01": ok = field.kind == .gtin
        case "10": ok = field.kind == .lot || field.kind == .string
        case "21": ok = field.kind == .string || field.kind == .lot
        case "11", "13", "15", "17": ok = field.kind == .date
        case "37": ok = field.kind == .integer
        default:
            let decimals = ai.last?.wholeNumberValue ?? -1
            if ai.hasPrefix("310") {
                ok = field.kind == .weight(decimals: decimals)
                if !ok {
                    return
                        "barcode AI (\(ai)) needs a weight field with decimals=\(decimals); '\(field.name)' is \(field.kind.name)"
                }
            } else {
                ok = field.kind == .decimal(places: decimals)
            }
        }
        return ok ? nil : "barcode AI (\(ai)) cannot be filled by '\(field.name)', a \(field.kind.name) field"
    }

    /// The GS1 element for one AI from a field's checked value.
    static func element(ai: String, value: FieldValue) throws(GS1Error) -> GS1Element {
        switch (ai, value) {
        case ("01", .text(let gtin)): return try .gtin(gtin)
        case ("00", .text(let sscc)): return try .sscc(sscc)
        case ("10", .text(let lot)): return try .lot(lot)
        case ("21", .text(let serial)): return try .serial(serial)
        case ("37", .integer(let count)): return try .count(count)
        case (_, .date(let iso)):
            guard let kind = GS1Element.DateKind(rawValue: ai) else { break }
            return try .date(kind, iso)
        case (_, .decimal(let amount, let places)) where ai.hasPrefix("310"):
            return try .netWeightKilograms(amount, decimals: places)
        case (_, .decimal(let amount, let places)) where ai.hasPrefix("320"):
            return try .netWeightPounds(amount, decimals: places)
        default: break
        }
        return try GS1Element(ai: ai, value: value.text)
    }
}
