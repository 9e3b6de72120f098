import Foundation
import Testing

@testable import Core

/// The repository's `templates/` folder.
let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

func shippedTemplate(_ name: String) throws -> LabelTemplate {
    let text = try String(contentsOf: templatesFolder.appendingPathComponent("\(name).zpl"), encoding: .utf8)
    return try TemplateParser.parse(name: name, text: text)
}

let goodProduct: [String: JSONValue] = [
    "product_name": .string("Chicken thighs"), "gtin": .string("09501101530003"), "net_weight_kg": .number(1.234),
    "production_date": .string("2026-11-22"), "expiry_date": .string("2026-12-02"), "lot": .string("L2611220001"),
]

@Suite("Templates: parsing, checking and rendering")
struct TemplateTests {
    @Test("the shipped templates load and fit the Z230 at 300 dpi, not the 203 dpi one")
    func shippedTemplatesLoad() throws {
        let product = try shippedTemplate("product-gs1")
        #expect(product.dpi == 300)
        #expect(product.widthDots == 1200)
        #expect(product.heightDots == 1800)
        #expect(product.barcodes[""]?.map(\.ai) == ["01", "3103", "11"])
        #expect(product.barcodes["lower"]?.map(\.ai) == ["17", "10"])
        #expect(product.misfit(for: .zebraZ230_300dpi) == nil)
        var lowRes = PrinterModel.zebraZ230_300dpi
        lowRes.dpi = 203
        #expect(product.misfit(for: lowRes)?.contains("300 dpi") == true)
        let lot = try shippedTemplate("lot-label")
        #expect(lot.fields.map(\.name) == ["lot"])
    }

    @Test(
        "a template with a typo is refused with its line and reason",
        arguments: [
            ("%% dpi 300\n%% size 4x6in\n%% field a string\n^XA\n^FO1,1{{b}}\n^XZ", 5, "unknown variable 'b'"),
            ("%% dpi 300\n%% size 4x6in\n%% field a strnig\n^XA^XZ", 3, "unknown type 'strnig'"),
            ("%% size 4x6in\n^XA^XZ", nil, "dpi"),
            ("%% dpi 300\n%% size 4x6in\n^XA^XZ\n^XA^XZ", nil, "exactly one"),
            ("%% dpi 300\n%% size 4x6in\n^XA~JA^XZ", 3, "~JA is a control command"),
            ("%% dpi 300\n%% size 4x6in\n%% field a string\n^XA{{a}\n^XZ", 4, "not closed"),
            (
                "%% dpi 300\n%% size 4x6in\n%% field w weight decimals=2\n%% barcode (3103){w}\n^XA^XZ", nil,
                "decimals=3"
            ),
            ("%% dpi 300\n%% size 4x6in\n%% field a string\n^XA{{barcode}}^XZ", 4, "no such barcode"),
            ("%% dpi 300\n%% size 4x6in\n%% barcode (01){gtin}\n^XA^XZ", nil, "not a declared field"),
            ("%% dpi 300\n%% size 4x6in\n%% field a string\n^XA{{a:yyyy}}^XZ", 4, "only date fields"),
        ] as [(String, Int?, String)])
    func brokenTemplates(text: String, line: Int?, message: String) {
        #expect {
            _ = try TemplateParser.parse(name: "t", text: text)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test("a product label renders with escaped fields, UTF-8 and the GS1 line")
    func rendersProductLabel() throws {
        let template = try shippedTemplate("product-gs1")
        var data = goodProduct
        data["product_name"] = .string("Hähnchen-Oberkeulen ø ß")
        let zpl = try TemplateRenderer.render(template, data: data).get()
        #expect(zpl.hasPrefix("^XA^CI28^PW1200^LL1800"))
        #expect(zpl.contains("^FH^FDHähnchen-Oberkeulen ø ß^FS"))
        #expect(zpl.contains("^FH^FD1.234^FS"))
        #expect(zpl.contains("^FH^FD22.11.2026^FS"))
        #expect(zpl.contains("^FH^FD(01)09501101530003(3103)001234(11)261122^FS"))
        #expect(zpl.contains("^FH^FD(17)261202(10)L2611220001^FS"))
        #expect(zpl.contains("^BY3^BCN,260,N,N,N,N^FD>;>8"))
        #expect((try? ZPLLabelCheck.check(zpl, policy: .label).get())?.copies == 1)
    }

    @Test("every bad field is named, with what is wrong")
    func reportsEveryProblem() throws {
        let template = try shippedTemplate("product-gs1")
        var data = goodProduct
        data["gtin"] = .string("09501101530004")
        data["net_weight_kg"] = .number(1000)
        data["production_date"] = .string("2026-02-30")
        data["lot"] = .string("LOT 42")
        data["product_name"] = nil
        data["colour"] = .string("red")
        guard case .failure(let failure) = TemplateRenderer.render(template, data: data) else {
            Issue.record("bad data rendered")
            return
        }
        let fields = Set(failure.items.map(\.field))
        #expect(fields == ["gtin", "net_weight_kg", "production_date", "lot", "product_name", "colour"])
        #expect(failure.items.first { $0.field == "gtin" }?.message.contains("check digit") == true)
    }

    @Test("GTIN-8, -12 and -13 are padded to 14 digits; a number instead of a string is refused")
    func gtinPadding() throws {
        let template = try shippedTemplate("product-gs1")
        for (gtin, padded) in [
            ("96385074", "00000096385074"), ("036000291452", "00036000291452"), ("4006381333931", "04006381333931"),
        ] {
            var data = goodProduct
            data["gtin"] = .string(gtin)
            let zpl = try TemplateRenderer.render(template, data: data).get()
            #expect(zpl.contains("(01)\(padded)"))
        }
        var data = goodProduct
        data["gtin"] = .integer(9_501_101_530_003)
        #expect(throws: LabelProblems.self) { try TemplateRenderer.render(template, data: data).get() }
    }

    @Test(
        "field data never becomes printer commands",
        arguments: ["^XZ~JA^XA", "~JR", "_5E", "a\u{1}b\u{1B}c\r\n", "^FS^FO0,0^GB9999,9999,9999^FS"])
    func injection(value: String) throws {
        let plain = try TemplateParser.parse(
            name: "note",
            text: "%% dpi 300\n%% size 2x1in\n%% field note string required\n^XA\n^FO10,10^A0N,30,30{{note}}\n^XZ")
        let zpl = try TemplateRenderer.render(plain, data: ["note": .string(value)]).get()
        #expect(!zpl.contains("~"))
        #expect(zpl.components(separatedBy: "^XA").count == 2)
        #expect(zpl.components(separatedBy: "^XZ").count == 2)
        #expect(zpl.components(separatedBy: "^FS").count == 2, "one field, closed once")
        #expect(!zpl.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test("a 5,000-character value is refused rather than cut")
    func longValue() throws {
        let plain = try TemplateParser.parse(
            name: "note", text: "%% dpi 300\n%% size 2x1in\n%% field note string required\n^XA{{note}}^XZ")
        let result = TemplateRenderer.render(plain, data: ["note": .string(String(repeating: "x", count: 5_000))])
        guard case .failure(let failure) = result else {
            Issue.record("rendered a 5,000-byte field")
            return
        }
        #expect(failure.items.first?.message.contains("3072") == true)
    }

    @Test("weights round half-up to the AI's decimals and stay in range")
    func weights() throws {
        let template = try shippedTemplate("product-gs1")
        for (weight, encoded) in [(0.001, "000001"), (999.999, "999999"), (1.2345, "001235"), (12.5, "012500")] {
            var data = goodProduct
            data["net_weight_kg"] = .number(weight)
            let zpl = try TemplateRenderer.render(template, data: data).get()
            #expect(zpl.contains("(3103)\(encoded)"), "weight \(weight)")
        }
        for weight in [0.0, -1, 0.0004, 1000] {
            var data = goodProduct
            data["net_weight_kg"] = .number(weight)
            #expect(throws: LabelProblems.self, "weight \(weight)") {
                try TemplateRenderer.render(template, data: data).get()
            }
        }
    }
}
