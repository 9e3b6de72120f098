import Core
import Foundation
import Testing

@testable import Preview

/// The shipped templates, rendered by Core's template renderer with sample data, render without warnings, every
/// field inside the label.
@Suite struct ShippedTemplateTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates")

    static let samples: [String: [String: JSONValue]] = [
        "product-gs1": [
            "product_name": .string("Chicken thighs, free range"), "gtin": .string("09501101530003"),
            "net_weight_kg": .number(1.234), "production_date": .string("2026-11-22"),
            "expiry_date": .string("2026-12-02"), "lot": .string("L2611220042"),
        ],
        "lot-label": ["lot": .string("L2611220042")],
    ]

    @Test(arguments: ["product-gs1", "lot-label"])
    func rendersWithoutWarnings(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("\(name).zpl"), encoding: .utf8)
        let template = try TemplateParser.parse(name: name, text: text)
        let zpl = try TemplateRenderer.render(template, data: try #require(Self.samples[name])).get()
        let document = ZPLRenderer(options: PreviewOptions(dpi: 300)).render(Array(zpl.utf8))
        #expect(document.warnings.isEmpty, "\(document.warnings)")
        let label = try #require(document.labels.first)
        let barcodes = label.elements.filter { $0.kind == .barcode }
        #expect(!barcodes.isEmpty)
        for element in label.elements {
            #expect(element.box.x >= 0 && element.box.maxX <= label.width, "\(element)")
            #expect(element.box.y >= 0 && element.box.maxY <= label.height, "\(element)")
        }
        for barcode in barcodes {
            #expect(barcode.data?.hasPrefix("01") == true || barcode.data?.hasPrefix("1") == true)
        }
        #expect(try #require(label.bitmap).blackCount > 1000)
    }
}
