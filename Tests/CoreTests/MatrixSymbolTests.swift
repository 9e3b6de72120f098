import Foundation
import Testing

@testable import Core

let good2D: [String: JSONValue] = [
    "product_name": .string("Chicken thighs"), "gtin": .string("09501101530003"), "net_weight_kg": .number(1.234),
    "expiry_date": .string("2026-12-02"), "lot": .string("L2611220001"),
]

@Suite("GS1 2D symbols in templates: GS1 DataMatrix, GS1 QR, Digital Link QR")
struct MatrixSymbolTests {
    @Test("Data Matrix field data: _1 first and after variable-length values, __ for a literal underscore, no ^FH")
    func dataMatrixFieldData() throws {
        let string = try GS1ElementString(
            [try .lot("A_B"), try .serial("7"), try .gtin("09501101530003"), try .date(.expiration, "261231")],
            maxDataCharacters: nil)
        #expect(string.dataMatrixFieldData == "_1" + "0109501101530003" + "17261231" + "10A__B" + "_1" + "217")
        #expect(string.zplDataMatrix(module: 8) == "^BXN,8,200,,,,_^FD\(string.dataMatrixFieldData)^FS")
        #expect(!string.zplDataMatrix(module: 8).contains("^FH"))
    }

    @Test("GS1 QR field data: >8 first, GS as _1D after variable-length values, _ as _5F, under ^FH")
    func qrCodeFieldData() throws {
        let string = try GS1ElementString([try .lot("A_B"), try .count(12)], maxDataCharacters: nil)
        #expect(string.qrCodeFieldData == ">810A_5FB_1D3712")
        #expect(string.zplQRCode(magnification: 5) == "^BQN,2,5^FH^FDQA,>810A_5FB_1D3712^FS")
    }

    @Test("a Digital Link URI: primary key, qualifiers 22/10/21 in path order, attributes as query, percent-encoded")
    func digitalLinkURI() throws {
        let link = try GS1DigitalLink(domain: "id.example.com")
        let string = try GS1ElementString(
            [
                try .serial("S/1"), try .gtin("9501101530003"), try .netWeightKilograms(1.5, decimals: 3),
                try .lot("L%1"), try .date(.expiration, "261231"),
            ], maxDataCharacters: nil)
        #expect(
            try link.uri(for: string)
                == "https://id.example.com/01/09501101530003/10/L%251/21/S%2F1?3103=001500&17=261231")
        let sscc = try GS1ElementString([try .sscc("106141411234567897"), try .lot("B2")], maxDataCharacters: nil)
        #expect(try link.uri(for: sscc) == "https://id.example.com/00/106141411234567897?10=B2")
        #expect(throws: GS1Error.self) { try link.uri(for: try GS1ElementString([try .lot("B2")])) }
        #expect(try GS1DigitalLink(domain: "example.com/gs1").description == "https://example.com/gs1")
        for bad in ["", "https://x.com", "x.com/", "x..com", "-x.com", "x.com:8080", "x.com/a?b", "x.com/a b", "ä.com"]
        {
            #expect(throws: GS1Error.self, "\(bad)") { try GS1DigitalLink(domain: bad) }
        }
    }

    @Test("the shipped 2D template renders a Data Matrix and a Digital Link QR with the submitted data")
    func shipped2DTemplate() throws {
        let template = try shippedTemplate("product-gs1-2d")
        #expect(template.matrixSymbols["datamatrix"]?.elements.map(\.ai) == ["01", "17", "3103", "10"])
        #expect(template.matrixSymbols["qrcode"]?.kind == .digitalLink(try GS1DigitalLink(domain: "id.example.com")))
        #expect(template.misfit(for: .zebraZ230_300dpi) == nil)
        let zpl = try TemplateRenderer.render(template, data: good2D).get()
        #expect(zpl.contains("^FO100,760^BXN,8,200,,,,_^FD_1010950110153000317261202310300123410L2611220001^FS"))
        #expect(
            zpl.contains(
                "^FO700,740^BQN,2,7^FDQA,https://id.example.com/01/09501101530003/10/L2611220001?17=261202^FS"))
        #expect(zpl.contains("^FH^FD(01)09501101530003(17)261202(3103)001234(10)L2611220001^FS"))
        #expect(ZPLInjectionScan.findings(in: zpl).isEmpty)
        #expect(!zpl.contains("^FX"))
    }

    @Test("with namingFields every field and symbol carries ^FXname: and its name; without, the ZPL is unchanged")
    func namingFields() throws {
        let template = try shippedTemplate("product-gs1-2d")
        let named = try TemplateRenderer.render(template, data: good2D, namingFields: true).get()
        #expect(named.contains("^FO60,60^A0N,70,70^FB1080,2,0,L^FXname:product_name^FH^FDChicken thighs^FS"))
        #expect(named.contains("^FO100,760^FXname:datamatrix^BXN,8"))
        #expect(named.contains("^FO700,740^FXname:qrcode^BQN"))
        #expect(named.contains("^FXname:datamatrix_text^FH^FD(01)"))
        let product = TemplateRenderer.render(try shippedTemplate("product-gs1"), data: goodProduct, namingFields: true)
        #expect(try product.get().contains("^FO60,1290^FXname:barcode_lower^BY3^BCN,260"))
        let plain = try TemplateRenderer.render(template, data: good2D).get()
        #expect(named.replacingOccurrences(of: #"\^FXname:[a-z_]+"#, with: "", options: .regularExpression) == plain)
    }

    @Test("a lot with an underscore stays one literal underscore in each symbol")
    func underscoreInLot() throws {
        var data = good2D
        data["lot"] = .string("L_1")
        let zpl = try TemplateRenderer.render(try shippedTemplate("product-gs1-2d"), data: data).get()
        #expect(zpl.contains("10L__1^FS"))
        #expect(zpl.contains("/10/L_1?17="))
        #expect(zpl.contains("(10)L_5F1^FS"))
    }

    @Test(
        "a broken 2D declaration is refused with its line and reason",
        arguments: [
            ("%% qrcode link (01){g}", "needs its domain"),
            ("%% qrcode link domain=https://x.com (01){g}", "not a Digital Link domain"),
            ("%% datamatrix link domain=x.com (01){g}", "only a qrcode"),
            ("%% qrcode link domain=x.com (10){l}", "exactly one primary key"),
            ("%% datamatrix text (01){g}", "not 'text'"),
            ("%% datamatrix (01){g} extra", "not understood"),
            ("%% datamatrix (99){g}", "not supported"),
        ] as [(String, String)])
    func brokenDeclarations(line: String, message: String) {
        let text = "%% dpi 300\n%% size 4x6in\n%% field g gtin\n%% field l lot\n\(line)\n^XA^XZ"
        #expect {
            _ = try TemplateParser.parse(name: "t", text: text)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.line == 5 && error.message.contains(message)
        }
    }

    @Test(
        "a 2D placeholder needs its declaration and a module of 1–20 dots",
        arguments: [
            ("{{datamatrix}}", "no such symbol"), ("{{qrcode_x:3}}", "no such symbol"),
            ("{{datamatrix:0}}", "module size"), ("{{datamatrix:21}}", "module size"),
            ("{{datamatrix_text:5}}", "takes no format"),
        ] as [(String, String)])
    func brokenPlaceholders(placeholder: String, message: String) {
        let symbol = message == "no such symbol" ? "" : "%% datamatrix (01){g}\n"
        let text = "%% dpi 300\n%% size 4x6in\n%% field g gtin\n\(symbol)^XA\n^FO1,1\(placeholder)\n^XZ"
        #expect {
            _ = try TemplateParser.parse(name: "t", text: text)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.message.contains(message)
        }
    }

    @Test("a field may not be named like a 2D symbol")
    func reservedNames() {
        #expect(throws: TemplateError.self) {
            try TemplateParser.parse(name: "t", text: "%% dpi 300\n%% size 4x6in\n%% field qrcode string\n^XA^XZ")
        }
    }
}
