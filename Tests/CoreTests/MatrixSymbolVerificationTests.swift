import Core
import Foundation
import Testing

/// Renders the shipped 2D template with generated data and proves each GS1 DataMatrix and Digital Link QR code with
/// `scripts/verify-barcodes.py`: zplkit draws the label, zxing-cpp (and zbarimg for QR) read it, biip parses the
/// element string or the Digital Link URI, and the AIs are compared with the submitted data. Runs only with
/// GATEWAY_VERIFY_BARCODES=1.
@Suite("GS1 2D symbols verified by external tools", .serialized)
struct MatrixSymbolVerificationTests {
    @Test(.enabled(if: BarcodeVerifier.enabled)) func everyShipped2DLabelDecodesToTheSubmittedData() throws {
        var random = SeededGenerator(seed: 0x3244_5379_6D62)
        let template = try shippedTemplate("product-gs1-2d")
        let (directory, remove) = try BarcodeVerifier.labelFolder(subfolder: "shipped-2d")
        defer { remove() }
        var count = 0
        for index in 0..<30 {
            let data = Self.data(index: index, using: &random)
            let zpl = try TemplateRenderer.render(template, data: data).get()
            #expect(ZPLInjectionScan.findings(in: zpl).isEmpty)
            let sidecar = try Self.sidecar(template, data)
            try BarcodeVerifier.write(
                zpl: zpl, sidecar: sidecar, name: String(format: "product-gs1-2d-%03d", index), to: directory)
            count += 1
        }
        let (status, output) = try BarcodeVerifier.run(on: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("\n\(count) passed, 0 failed"), "\(output)")
    }

    /// The verifier must notice a Data Matrix without FNC1 first (read as ]d1, not GS1) and a Digital Link whose lot
    /// differs from the submitted one.
    @Test(.enabled(if: BarcodeVerifier.enabled)) func theVerifierCatchesAPlainDataMatrixAndAWrongLink() throws {
        let directory = try BarcodeVerifier.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let template = try shippedTemplate("product-gs1-2d")
        let zpl = try TemplateRenderer.render(template, data: good2D).get()
        let sidecar = try Self.sidecar(template, good2D)
        try BarcodeVerifier.write(
            zpl: zpl.replacingOccurrences(of: "^FD_1", with: "^FD"), sidecar: sidecar, name: "plain-datamatrix",
            to: directory)
        try BarcodeVerifier.write(
            zpl: zpl.replacingOccurrences(of: "/10/L2611220001", with: "/10/L2611220002"), sidecar: sidecar,
            name: "wrong-link", to: directory)
        let (status, output) = try BarcodeVerifier.run(on: directory)
        #expect(status == 1, "\(output)")
        #expect(output.contains("FAIL plain-datamatrix.zpl"), "\(output)")
        #expect(output.contains("expected ]d2"), "\(output)")
        #expect(output.contains("FAIL wrong-link.zpl"), "\(output)")
        #expect(output.contains("0 passed, 2 failed"), "\(output)")
    }

    static func data(index: Int, using random: inout SeededGenerator) -> [String: JSONValue] {
        let gtins = ["09501101530003", "4006381333931", "036000291452", "96385074", "10614141000415"]
        let charset = Array("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
        let lot = String(
            (0..<Int.random(in: 1...20, using: &random)).map { _ in charset.randomElement(using: &random)! })
        let grams = Int.random(in: 1...999_999, using: &random)
        let expiry = String(
            format: "20%02d-%02d-%02d", Int.random(in: 24...99, using: &random), Int.random(in: 1...12, using: &random),
            Int.random(in: 1...28, using: &random))
        return [
            "product_name": .string("Product \(index)"), "gtin": .string(gtins[index % gtins.count]),
            "net_weight_kg": .number(Double(grams) / 1000),
            "expiry_date": .string(expiry), "lot": .string(index == 0 ? "L_1%/?&=" : lot),
        ]
    }

    /// The verifier's sidecar: each 2D symbol with its symbology, expected data and AIs, and the submitted fields.
    static func sidecar(_ template: LabelTemplate, _ data: [String: JSONValue]) throws -> Data {
        var symbols: [JSONValue] = []
        for (_, symbol) in template.matrixSymbols.sorted(by: { $0.key < $1.key }) {
            let string = try GS1ElementString(
                symbol.elements.map { element in
                    try ShippedTemplateBarcodeTests.expectedElement(ai: element.ai, value: data[element.field] ?? .null)
                }, maxDataCharacters: nil)
            let elements: JSONValue = .array(
                string.elements.map { .object(["ai": .string($0.ai.code), "value": .string($0.value)]) })
            switch symbol.kind {
            case .dataMatrix:
                symbols.append(
                    .object([
                        "symbology": .string("datamatrix"), "data": .string(string.data()), "elements": elements,
                        "humanReadable": .string(string.humanReadable),
                    ]))
            case .qrCode:
                symbols.append(
                    .object(["symbology": .string("qrcode"), "data": .string(string.data()), "elements": elements]))
            case .digitalLink(let link):
                symbols.append(
                    .object([
                        "symbology": .string("digital-link"), "data": .string(try link.uri(for: string)),
                        "elements": elements,
                    ]))
            }
        }
        let barcodes: [JSONValue] = template.matrixSymbols.values.flatMap(\.elements).map {
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
