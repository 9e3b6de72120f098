import Core
import Foundation
import Testing

/// Renders the shipped templates with many generated data sets, whole labels through `TemplateRenderer`, and proves
/// every GS1-128 symbol with `scripts/verify-barcodes.py`: a third-party renderer draws the label, two decoders read
/// it, a GS1 parser splits what they read, and the AIs of all symbols together are compared with the submitted data.
/// Runs only with GATEWAY_VERIFY_BARCODES=1.
@Suite("Shipped templates' barcodes verified by external tools", .serialized)
struct ShippedTemplateBarcodeTests {
    @Test(.enabled(if: BarcodeVerifier.enabled)) func everyShippedLabelDecodesToTheSubmittedData() throws {
        var random = SeededGenerator(seed: 0x7465_6D70_6C61_7465)
        let product = try shippedTemplate("product-gs1")
        let lot = try shippedTemplate("lot-label")
        let labels =
            try Self.productData(count: 64, using: &random).enumerated().map { index, data in
                try Self.label(product, data, name: String(format: "product-gs1-%03d", index))
            }
            + Self.lotData(count: 20, using: &random).enumerated().map { index, data in
                try Self.label(lot, data, name: String(format: "lot-label-%03d", index))
            }
            + Self.caseData(count: 20, using: &random).enumerated().map { index, data in
                try Self.label(try Self.caseTemplate(), data, name: String(format: "case-label-%03d", index))
            }
        #expect(labels.count == 104)
        let symbolCount = labels.reduce(0) { $0 + $1.symbols.count }
        #expect(symbolCount == 168)  // two on each product label, one on each lot and case label

        let (directory, remove) = try BarcodeVerifier.labelFolder(subfolder: "shipped-templates")
        defer { remove() }
        for label in labels {
            #expect(ZPLInjectionScan.findings(in: label.zpl).isEmpty, "\(label.name)")
            for symbol in label.symbols {
                let end = symbol.x + (symbol.string.code128Modules + 10) * symbol.moduleWidth
                #expect(
                    end <= label.widthDots,
                    "\(label.name): \(symbol.string) ends with its quiet zone at dot \(end), beyond the label's \(label.widthDots); data \(label.dataDescription)"
                )
            }
            try BarcodeVerifier.write(zpl: label.zpl, sidecar: try label.sidecar(), name: label.name, to: directory)
        }
        let (status, output) = try BarcodeVerifier.run(on: directory)
        let byName = Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0) })
        for failure in BarcodeVerifier.failures(in: output) {
            let data = byName[failure.label]?.dataDescription ?? "?"
            Issue.record("\(failure.label) (data \(data)):\n  \(failure.problems.joined(separator: "\n  "))")
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("\n\(labels.count) passed, 0 failed"), "\(output)")
    }

    /// The verifier must notice a symbol missing from a label and an AI whose value is not what the submitted data
    /// gives, even when the symbol matches its own expectation.
    @Test(.enabled(if: BarcodeVerifier.enabled)) func theVerifierCatchesAMissingSymbolAndAWrongValue() throws {
        let directory = try BarcodeVerifier.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let product = try shippedTemplate("product-gs1")
        let data: [String: JSONValue] = [
            "product_name": .string("Test"), "gtin": .string("96385074"), "net_weight_kg": .number(1.2345),
            "production_date": .string("2024-02-29"), "expiry_date": .string("2024-03-31"), "lot": .string("A1"),
        ]

        var missing = try Self.label(product, data, name: "missing-lower-symbol")
        let lower = try #require(missing.symbols.first { $0.string.elements.first?.ai.code == "17" })
        let lowerField = "^BY\(lower.moduleWidth)^BCN,\(lower.height),N,N,N,N^FD\(lower.string.zplFieldData)^FS"
        #expect(missing.zpl.contains(lowerField))
        missing.zpl = missing.zpl.replacingOccurrences(of: lowerField, with: "^FS")
        try BarcodeVerifier.write(zpl: missing.zpl, sidecar: try missing.sidecar(), name: missing.name, to: directory)

        // The upper symbol and its expectation both say 1.234 kg; the submitted 1.2345 kg is 001235 half-up.
        var truncated = try Self.label(product, data, name: "weight-truncated")
        let upper = try #require(truncated.symbols.firstIndex { $0.string.elements.first?.ai.code == "01" })
        let wrong = try GS1ElementString(
            truncated.symbols[upper].string.elements.map { element in
                element.ai.code == "3103" ? try GS1Element(ai: "3103", value: "001234") : element
            })
        truncated.zpl = truncated.zpl.replacingOccurrences(
            of: truncated.symbols[upper].string.zplFieldData, with: wrong.zplFieldData)
        truncated.symbols[upper].string = wrong
        try BarcodeVerifier.write(
            zpl: truncated.zpl, sidecar: try truncated.sidecar(), name: truncated.name, to: directory)

        let (status, output) = try BarcodeVerifier.run(on: directory)
        #expect(status == 1, "\(output)")
        let failures = Dictionary(
            uniqueKeysWithValues: BarcodeVerifier.failures(in: output).map { ($0.label, $0.problems) })
        #expect(
            failures["missing-lower-symbol"]?.contains { $0.contains("found 1 symbols, expected 2") } == true,
            "\(output)")
        #expect(
            failures["missing-lower-symbol"]?.contains { $0.contains("'17240331") && $0.contains("not found") } == true,
            "\(output)")
        #expect(
            failures["weight-truncated"]?.contains {
                $0.contains("AI 3103 is '001234'; the submitted data gives '001235'")
            }
                == true, "\(output)")
        #expect(output.contains("0 passed, 2 failed"), "\(output)")
    }

    // MARK: Labels

    struct Symbol {
        var string: GS1ElementString
        var x: Int
        var y: Int
        var moduleWidth: Int
        var height: Int
    }

    struct Label {
        var name: String
        var template: LabelTemplate
        var data: [String: JSONValue]
        var zpl: String
        var symbols: [Symbol]
        var widthDots: Int { template.widthDots }

        var dataDescription: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "\(data)"
        }

        /// The verifier's sidecar: every symbol where it is printed, and the submitted fields with the AIs they fill.
        func sidecar() throws -> Data {
            let symbols: [JSONValue] = symbols.map { symbol in
                .object([
                    "data": .string(symbol.string.data()), "humanReadable": .string(symbol.string.humanReadable),
                    "elements": .array(
                        symbol.string.elements.map { .object(["ai": .string($0.ai.code), "value": .string($0.value)]) }),
                    "x": .integer(symbol.x), "y": .integer(symbol.y), "height": .integer(symbol.height),
                    "moduleWidth": .integer(symbol.moduleWidth), "modules": .integer(symbol.string.code128Modules),
                ])
            }
            let barcodes: [JSONValue] = template.barcodes.values.joined().map {
                .object(["ai": .string($0.ai), "field": .string($0.field)])
            }
            let sidecar: JSONValue = .object([
                "labelWidth": .integer(template.widthDots), "labelHeight": .integer(template.heightDots),
                "dpi": .integer(template.dpi), "symbols": .array(symbols),
                "submitted": .object(["fields": .object(data), "barcodes": .array(barcodes)]),
            ])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(sidecar)
        }
    }

    /// Renders `data` with `template` and finds each symbol in the ZPL: the expected element string is built from
    /// the template's barcode declarations and the submitted values, and its field data located in the output.
    static func label(_ template: LabelTemplate, _ data: [String: JSONValue], name: String) throws -> Label {
        let zpl: String
        switch TemplateRenderer.render(template, data: data) {
        case .success(let rendered): zpl = rendered
        case .failure(let problems):
            throw LabelError(message: "\(name) \(data) does not render: \(problems)")
        }
        var symbols: [Symbol] = []
        for (barcode, elements) in template.barcodes.sorted(by: { $0.key < $1.key }) {
            let string = try GS1ElementString(
                elements.map { element in try expectedElement(ai: element.ai, value: data[element.field] ?? .null) })
            let placement = try Regex(#"\^FO(\d+),(\d+)\^BY(\d+)\^BCN,(\d+),N,N,N,N\^FD"#)
            guard
                let field = zpl.ranges(of: "^FD\(string.zplFieldData)^FS").first,
                let match = zpl[..<field.upperBound].matches(of: placement).last,
                match.range.upperBound == zpl.index(field.lowerBound, offsetBy: 3)
            else {
                throw LabelError(message: "\(name): barcode '\(barcode)' \(string) is not in the ZPL:\n\(zpl)")
            }
            func number(_ index: Int) -> Int { Int(match.output[index].substring ?? "") ?? -1 }
            symbols.append(
                Symbol(string: string, x: number(1), y: number(2), moduleWidth: number(3), height: number(4)))
        }
        return Label(name: name, template: template, data: data, zpl: zpl, symbols: symbols)
    }

    /// The element a submitted value should give, through the GS1 module's typed constructors.
    static func expectedElement(ai: String, value: JSONValue) throws -> GS1Element {
        switch (ai, value) {
        case ("01", .string(let gtin)): return try .gtin(gtin)
        case ("10", .string(let lot)): return try .lot(lot)
        case ("21", .string(let serial)): return try .serial(serial)
        case ("37", .integer(let count)): return try .count(count)
        case (_, .string(let date)) where GS1Element.DateKind(rawValue: ai) != nil:
            return try .date(GS1Element.DateKind(rawValue: ai)!, date)
        case (_, .number(let kilograms)) where ai.hasPrefix("310"):
            return try .netWeightKilograms(Decimal(string: "\(kilograms)")!, decimals: Int(String(ai.last!))!)
        case (_, .integer(let kilograms)) where ai.hasPrefix("310"):
            return try .netWeightKilograms(Decimal(kilograms), decimals: Int(String(ai.last!))!)
        default: throw LabelError(message: "no expected element for AI \(ai) from \(value)")
        }
    }

    struct LabelError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Not shipped: a case label whose element string has variable-length AIs that are not last, so the symbol
    /// needs FNC1 separators, which neither shipped template does.
    static func caseTemplate() throws -> LabelTemplate {
        try TemplateParser.parse(
            name: "case-label",
            text: """
                %% dpi 300
                %% size 4x2in
                %% field gtin gtin required
                %% field lot lot required
                %% field serial string required max_length=8
                %% field count integer required min=1 max=999999
                %% barcode (10){lot}(21){serial}(37){count}(01){gtin}
                ^XA
                ^FO40,30^A0N,40,40{{lot}}
                ^FO40,90{{barcode:2,300}}
                ^FO40,410^A0N,28,28{{barcode_text}}
                ^XZ
                """)
    }

    // MARK: Data

    /// GS1 character set 82: digits, letters and the punctuation it allows.
    static let charset82 = Array("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    static let punctuation = Array("!\"%&'()*+,-./:;<=>?_")

    /// Lots that must always be tried: letters and digits mixed, all digits (odd and even runs for subset C), all
    /// letters, every punctuation character of set 82, one character, and 20 characters.
    static let edgeLots = [
        "LOT42", "A1B2C3D4E5F6G7H8I9J0", "12345678901234567890", "ABCDEFGHIJKLMNOPQRST", "!\"%&'()*+,-./:;<=>?_",
        "1", "A", "1234A", "A12345", "12A3456B78", "L-2026/03_7", "a>b>c", "9>", "x%y&z'", "0000000000000000000A",
        "A0000000000000000000", "123", "<lot>", "ZZ99zz99ZZ99zz99ZZ99",
    ]

    static func lot(using random: inout SeededGenerator) -> String {
        let length = [1, 2, 3, 7, 12, 19, 20, Int.random(in: 1...20, using: &random)].randomElement(using: &random)!
        return String(
            (0..<length).map { _ in
                switch Int.random(in: 0..<5, using: &random) {
                case 0: letters.randomElement(using: &random)!
                case 1: punctuation.randomElement(using: &random)!
                case 2: charset82.randomElement(using: &random)!
                default: Character(String(Int.random(in: 0...9, using: &random)))
                }
            })
    }

    /// A GTIN of `length` digits with a valid check digit; GTIN-8/12/13 are padded to 14 in the symbol.
    static func gtin(length: Int, using random: inout SeededGenerator) -> String {
        let body = String((0..<(length - 1)).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
        return body + String(GS1CheckDigit.compute(body)!)
    }

    static let edgeGTINs = [
        "96385074", "00000000", "036000291452", "4006381333931", "09501101530003", "10614141000415",
    ]

    /// Net weights in kg: the edges of 0.001–999.999, halves that round up at the third decimal, a value that rounds
    /// up to the minimum and one that rounds down to the maximum, whole numbers and numbers with fewer decimals.
    static let edgeWeights: [JSONValue] = [
        .number(0.001), .number(999.999), .number(1.2345), .number(0.0005), .number(999.9994), .number(2.0015),
        .number(0.0015), .number(12.5), .integer(7), .integer(999), .number(100.0005), .number(0.9995),
        .number(500.5555), .number(0.010),
    ]

    /// End-of-month and leap days, the first and last days of the century the date AIs cover.
    static let edgeDates = [
        "2024-02-29", "2028-02-29", "2000-02-29", "2025-02-28", "2025-01-31", "2025-04-30", "2026-06-30", "2026-12-31",
        "2000-01-01", "2099-12-31", "2027-09-30", "2030-11-30",
    ]

    static func date(using random: inout SeededGenerator) -> String {
        let year = Int.random(in: 2000...2099, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let leap = year % 4 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let day = Bool.random(using: &random) ? days : Int.random(in: 1...days, using: &random)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Product names, with the characters that must be escaped in ZPL. ASCII only: the renderer used for the
    /// verification has no glyphs beyond it for the printer's font 0.
    static let names = [
        "Chicken thighs", "Kaese - Emmentaler", "Lachs ^XA~JA^XZ", "Rind_Huefte 100% bio", "Aepfel {{lot}}",
        "Smoked salmon fillets, skin on, 2 x 250 g", "Brot", "Oeufs frais \\ cage-free", "Tofu _5E_7E",
    ]

    static func productData(count: Int, using random: inout SeededGenerator) -> [[String: JSONValue]] {
        (0..<count).map { index in
            let gtinText =
                index < edgeGTINs.count
                ? edgeGTINs[index] : gtin(length: [8, 12, 13, 14][index % 4], using: &random)
            let weight =
                index < edgeWeights.count
                ? edgeWeights[index]
                : .number(Double(Int.random(in: 1...999_999, using: &random)) / 1000)
            let produced = index < edgeDates.count ? edgeDates[index] : date(using: &random)
            let expires = index < edgeDates.count ? edgeDates[edgeDates.count - 1 - index] : date(using: &random)
            let lotText = index < edgeLots.count ? edgeLots[index] : lot(using: &random)
            let name = String(names[index % names.count].prefix(40))
            return [
                "product_name": .string(name), "gtin": .string(gtinText), "net_weight_kg": weight,
                "production_date": .string(produced), "expiry_date": .string(expires), "lot": .string(lotText),
            ]
        }
    }

    static func lotData(count: Int, using random: inout SeededGenerator) -> [[String: JSONValue]] {
        (0..<count).map { index in
            ["lot": .string(index < edgeLots.count ? edgeLots[edgeLots.count - 1 - index] : lot(using: &random))]
        }
    }

    static func caseData(count: Int, using random: inout SeededGenerator) -> [[String: JSONValue]] {
        (0..<count).map { index in
            let lotText = String(lot(using: &random).prefix(10))
            let serial = String(lot(using: &random).prefix(Int.random(in: 1...8, using: &random)))
            return [
                "gtin": .string(gtin(length: [8, 12, 13, 14][index % 4], using: &random)), "lot": .string(lotText),
                "serial": .string(serial),
                "count": .integer(index == 0 ? 1 : Int.random(in: 1...999_999, using: &random)),
            ]
        }
    }
}
