import Core
import Foundation
import Testing

/// The sample labels themselves: every label has a well-formed sidecar, and the labels made from the shipped
/// templates are what those templates render today.
@Suite("Preview fixtures")
struct PreviewFixtureTests {
    static let symbologies: Set<String> = ["code128", "ean13", "upca", "code39", "itf", "qr", "datamatrix"]
    static let decoders: Set<String> = ["zxing-cpp", "zbarimg"]

    /// The shipped templates with sample data, each committed as `NAME.zpl` next to a sidecar written for it.
    static let templateSamples: [(fixture: String, template: String, data: [String: JSONValue])] = [
        (
            "template-product-gs1", "product-gs1",
            [
                "product_name": .string("Chicken thighs"), "gtin": .string("09501101530003"),
                "net_weight_kg": .number(1.234), "production_date": .string("2026-11-22"),
                "expiry_date": .string("2026-12-02"), "lot": .string("L2611220001"),
            ]
        ),
        (
            "template-product-gs1-long-name", "product-gs1",
            [
                "product_name": .string("Free-range chicken thighs, skin on"), "gtin": .string("4006381333931"),
                "net_weight_kg": .number(0.5), "production_date": .string("2027-01-05"),
                "expiry_date": .string("2027-01-19"), "lot": .string("FR-0105-B"),
            ]
        ),
        (
            "template-product-gs1-2d", "product-gs1-2d",
            [
                "product_name": .string("Chicken thighs"), "gtin": .string("09501101530003"),
                "net_weight_kg": .number(1.234), "expiry_date": .string("2026-12-02"), "lot": .string("L2611220001"),
            ]
        ),
        ("template-lot-label", "lot-label", ["lot": .string("L2611220001")]),
        ("template-lot-label-letters", "lot-label", ["lot": .string("ABCDEFGHIJKLMNOPQRST")]),
    ]

    @Test func everyLabelHasAWellFormedSidecar() throws {
        let labels = try PreviewFixtures.names(withSuffix: ".zpl")
        let sidecars = try PreviewFixtures.names(withSuffix: ".json")
        #expect(
            labels == sidecars,
            "labels without sidecar: \(labels.subtracting(sidecars).sorted()); sidecars without label: \(sidecars.subtracting(labels).sorted())"
        )
        #expect(labels.count >= 30)
        for prefix in ["odoo-", "zebradesigner-", "template-"] {
            #expect(labels.contains { $0.hasPrefix(prefix) }, "no \(prefix) label")
        }
        for name in labels.sorted() {
            let sidecar = try PreviewFixtures.sidecar(name)
            #expect([152, 203, 300, 600].contains(sidecar["dpi"] as? Int ?? 0), "\(name): dpi")
            #expect(
                (sidecar["labelWidth"] as? Int ?? 0) > 0 && (sidecar["labelHeight"] as? Int ?? 0) > 0, "\(name): size")
            #expect(!(sidecar["description"] as? String ?? "").isEmpty, "\(name): description")
            let barcodes = sidecar["barcodes"] as? [[String: Any]] ?? []
            let text = sidecar["text"] as? [Any] ?? []
            #expect(!barcodes.isEmpty || !text.isEmpty, "\(name): expects neither a barcode nor text")
            for barcode in barcodes {
                let symbology = barcode["symbology"] as? String ?? ""
                let decoders = Set(barcode["decoders"] as? [String] ?? [])
                #expect(Self.symbologies.contains(symbology), "\(name): symbology \(symbology)")
                #expect(!(barcode["data"] as? String ?? "").isEmpty, "\(name): barcode without data")
                #expect(!decoders.isEmpty && decoders.isSubset(of: Self.decoders), "\(name): decoders \(decoders)")
                #expect(
                    symbology != "datamatrix" || !decoders.contains("zbarimg"), "\(name): zbar reads no Data Matrix")
            }
            for line in text {
                let words = (line as? String) ?? ((line as? [String: Any])?["text"] as? String)
                #expect(!(words ?? "").isEmpty, "\(name): a text line without text")
            }
            if let agreement = sidecar["agreement"] as? [String: Any] {
                #expect(!(agreement["reason"] as? String ?? "").isEmpty, "\(name): a lower agreement needs its reason")
            }
        }
    }

    /// GATEWAY_UPDATE_PREVIEW_FIXTURES=1 writes them anew (their sidecars are written by hand).
    @Test func templateLabelsAreWhatTheShippedTemplatesRender() throws {
        let update = ProcessInfo.processInfo.environment["GATEWAY_UPDATE_PREVIEW_FIXTURES"] == "1"
        for sample in Self.templateSamples {
            let text = try String(
                contentsOf: PreviewFixtures.repository.appendingPathComponent("templates/\(sample.template).zpl"),
                encoding: .utf8)
            let template = try TemplateParser.parse(name: sample.template, text: text)
            let zpl = try TemplateRenderer.render(template, data: sample.data).get() + "\n"
            let file = PreviewFixtures.folder.appendingPathComponent("\(sample.fixture).zpl")
            if update { try Data(zpl.utf8).write(to: file) }
            #expect(try String(contentsOf: file, encoding: .utf8) == zpl, "\(sample.fixture)")
            let sidecar = try PreviewFixtures.sidecar(sample.fixture)
            #expect(sidecar["dpi"] as? Int == template.dpi, "\(sample.fixture)")
            #expect(sidecar["labelWidth"] as? Int == template.widthDots, "\(sample.fixture)")
            #expect(sidecar["labelHeight"] as? Int == template.heightDots, "\(sample.fixture)")
        }
    }
}
