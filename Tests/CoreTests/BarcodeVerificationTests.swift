import Core
import Foundation
import Testing

/// Renders GS1-128 labels with a third-party ZPL renderer, decodes them with two third-party decoders and parses the
/// result with a third-party GS1 parser (`scripts/verify-barcodes.py`). Runs only with GATEWAY_VERIFY_BARCODES=1,
/// after `scripts/install-verify-tools.sh`; GATEWAY_VERIFY_PYTHON names the python to use, and
/// GATEWAY_VERIFY_OUTPUT a directory that keeps the labels, sidecars and rendered PNGs.
@Suite("GS1-128 barcodes verified by external tools", .serialized)
struct BarcodeVerificationTests {
    static let enabled = BarcodeVerifier.enabled

    @Test(.enabled(if: enabled)) func everyBarcodeDecodesToExactlyTheExpectedAIs() throws {
        let strings = try Self.elementStrings()
        #expect(strings.count >= 50)
        let (directory, remove) = try BarcodeVerifier.labelFolder()
        defer { remove() }
        for (index, string) in strings.enumerated() {
            let label = try Self.label(string, moduleWidth: index % 3 == 0 ? 3 : 2)
            #expect(ZPLInjectionScan.findings(in: label.zpl).isEmpty, "\(string)")
            try Self.write(label, name: String(format: "label-%03d", index), to: directory)
        }
        let (status, output) = try BarcodeVerifier.run(on: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("\n\(strings.count) passed, 0 failed"), "\(output)")
    }

    /// The verifier must catch the subset-C trap (letters written while subset C is active are lost) and a missing
    /// FNC1 after a variable-length AI that is not last.
    @Test(.enabled(if: enabled)) func theVerifierCatchesDroppedLettersAndMissingSeparators() throws {
        let directory = try BarcodeVerifier.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lot = try GS1ElementString([try .lot("LOT42")])
        var trap = try Self.label(lot, moduleWidth: 3)
        trap.zpl = trap.zpl.replacingOccurrences(of: lot.zplFieldData, with: ">;>810LOT42")
        try Self.write(trap, name: "subset-c-trap", to: directory)

        let count = try GS1ElementString([try .count(12), try .lot("9")])
        #expect(count.zplFieldData == ">;>83712>810>69")
        var unseparated = try Self.label(count, moduleWidth: 3)
        unseparated.zpl = unseparated.zpl.replacingOccurrences(of: count.zplFieldData, with: ">;>8371210>69")
        try Self.write(unseparated, name: "missing-separator", to: directory)

        let (status, output) = try BarcodeVerifier.run(on: directory)
        #expect(status == 1, "\(output)")
        #expect(output.contains("FAIL missing-separator.zpl"), "\(output)")
        #expect(output.contains("FAIL subset-c-trap.zpl"), "\(output)")
        #expect(output.contains("0 passed, 2 failed"), "\(output)")
    }

    // MARK: Element strings

    static func elementStrings() throws -> [GS1ElementString] {
        func kg(_ text: String, _ decimals: Int) throws -> GS1Element {
            try .netWeightKilograms(
                Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!, decimals: decimals)
        }
        func lb(_ text: String, _ decimals: Int) throws -> GS1Element {
            try .netWeightPounds(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!, decimals: decimals)
        }
        let gtin = try GS1Element.gtin("09501101530003")
        var lists: [[GS1Element]] = [
            [gtin, try kg("1.234", 3), try .lot("L42")],
            [gtin, try .lot("LOT42")],
            [try .lot("LOT42")],
            [gtin, try .lot("ABC123456")],
            [try .lot("A1"), try .serial("12345")],
            [try .lot("A>B"), gtin],
            [try .date(.expiration, "261231"), try .count(5), try .lot("X")],
            [try .sscc("106141411234567897"), try .lot("1234"), try .serial("99")],
            [try .gtin("96385074"), try .lot("8A")],
            [try .gtin("036000291452"), try .serial("A")],
            [try .gtin("4006381333931"), try .date(.bestBefore, "260200")],
            [gtin, try kg("0.001", 3)],
            [gtin, try kg("999.999", 3)],
            [gtin, try kg("999999", 0)],
            [gtin, try kg("0.00001", 5)],
            [gtin, try kg("1.2345", 3), try .count(1)],
            [gtin, try lb("12.5", 2), try .count(99_999_999)],
            [try .date(.production, "240229"), try .date(.packaging, "000229"), gtin],
            [gtin, try .lot("!\"%&'()*+,-./:;<=>?_")],
            [try .lot("ABCDEFGHIJ1234567890"), try .serial("1")],
            [try .count(12345), try .lot("9"), gtin],
            [try .serial("x_y-z/1"), try .lot("1>2"), try .count(7)],
            [try .lot("12A"), try .serial("123A4567"), try .count(3)],
            [gtin, try .date(.expiration, "2028-02-29"), try .lot("a1b2c3d4e5")],
        ]
        var random = SeededGenerator(seed: 0x6753_3132_3820)
        let charset = Array("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        func text(_ length: Int) -> String {
            String(
                (0..<length).map { _ in
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: letters.randomElement(using: &random)!
                    case 1: charset.randomElement(using: &random)!
                    default: Character(String(Int.random(in: 0...9, using: &random)))
                    }
                })
        }
        let gtins = ["09501101530003", "4006381333931", "036000291452", "96385074", "10614141000415"]
        while lists.count < 56 {
            var list: [GS1Element] = []
            var budget = GS1ElementString.maxDataCharacters
            func add(_ element: GS1Element) {
                let size = element.ai.code.count + element.value.count + (element.ai.isFixedLength ? 0 : 1)
                if size <= budget {
                    list.append(element)
                    budget -= size
                }
            }
            if Bool.random(using: &random) { add(try .gtin(gtins.randomElement(using: &random)!)) }
            add(try .lot(text(Int.random(in: 1...12, using: &random))))
            if Bool.random(using: &random) {
                let kind = GS1Element.DateKind.allCases.randomElement(using: &random)!
                add(
                    try .date(
                        kind,
                        String(
                            format: "%02d%02d%02d", Int.random(in: 0...99, using: &random),
                            Int.random(in: 1...12, using: &random), Int.random(in: 0...28, using: &random))))
            }
            if Bool.random(using: &random) { add(try .serial(text(Int.random(in: 1...8, using: &random)))) }
            if Bool.random(using: &random) { add(try .count(Int.random(in: 1...99_999_999, using: &random))) }
            if Bool.random(using: &random) {
                let decimals = Int.random(in: 0...5, using: &random)
                let amount = Decimal(Int.random(in: 1...999_999, using: &random)) / pow(10, decimals)
                add(
                    Bool.random(using: &random)
                        ? try .netWeightKilograms(amount, decimals: decimals)
                        : try .netWeightPounds(amount, decimals: decimals))
            }
            list.shuffle(using: &random)
            lists.append(list)
        }
        return try lists.map { list throws(GS1Error) in try GS1ElementString(list) }
    }

    // MARK: Labels and the verifier

    struct Label {
        var zpl: String
        var sidecar: [String: Any]
    }

    static func label(_ string: GS1ElementString, moduleWidth: Int) throws -> Label {
        let (x, y, height) = (60, 40, 160)
        let width = x + string.code128Modules * moduleWidth + 60
        let zpl =
            "^XA^CI28^PW\(width)^LL300\n"
            + (try string.zplBarcode(x: x, y: y, moduleWidth: moduleWidth, height: height)) + "\n"
            + "^FO\(x),\(y + height + 20)^A0N,28,28" + (try ZPLField.text(string.humanReadable)) + "\n^XZ\n"
        let sidecar: [String: Any] = [
            "elements": string.elements.map { ["ai": $0.ai.code, "value": $0.value] },
            "data": string.data(), "humanReadable": string.humanReadable,
            "labelWidth": width, "labelHeight": 300, "dpi": 300,
            "x": x, "y": y, "height": height, "moduleWidth": moduleWidth, "modules": string.code128Modules,
        ]
        return Label(zpl: zpl, sidecar: sidecar)
    }

    static func write(_ label: Label, name: String, to directory: URL) throws {
        let sidecar = try JSONSerialization.data(withJSONObject: label.sidecar, options: [.sortedKeys])
        try BarcodeVerifier.write(zpl: label.zpl, sidecar: sidecar, name: name, to: directory)
    }
}
