import Core
import Foundation
import Testing

@testable import Preview

/// Pre-flight's rules over laid-out labels: first over hand-made layouts (the rules alone), then over what the
/// renderer lays out for template labels.
@Suite("Pre-flight: fields and symbols inside the label, quiet zones whole, text inside its block")
struct PreflightTests {
    static func label(_ elements: [DrawnElement], width: Int = 1200, height: Int = 1800) -> RenderedLabel {
        RenderedLabel(number: 1, bitmap: nil, width: width, height: height, elements: elements)
    }

    static func barcode(x: Int, width: Int, quiet: Int = 30, field: String? = "barcode") -> DrawnElement {
        DrawnElement(
            kind: .barcode, command: "^BC", fieldName: field, box: DotRect(x: x, y: 900, width: width, height: 260),
            quietZone: DotRect(x: x - quiet, y: 900, width: width + 2 * quiet, height: 260), offset: 120)
    }

    @Test("a bar code 40 dots past the right edge is one issue naming its field, command, edge and dots")
    func pastTheRightEdge() {
        let issues = Preflight.issues(in: Self.label([Self.barcode(x: 400, width: 840)]))
        #expect(
            issues == [
                PreflightIssue(
                    label: 1, field: "barcode", command: "^BC", problem: .outsideLabel, edge: .right, dots: 40,
                    offset: 120)
            ])
        #expect(
            issues.first?.message == "label 1: field barcode (^BC) reaches 40 dots past the right edge of the label")
    }

    @Test("the same bar code inside the edge with its quiet zone passes; with its quiet zone cut it does not")
    func insideAndQuietZone() {
        #expect(Preflight.issues(in: Self.label([Self.barcode(x: 330, width: 840)])).isEmpty)
        let cut = Preflight.issues(in: Self.label([Self.barcode(x: 350, width: 840)]))
        #expect(cut.map(\.problem) == [.quietZoneCut])
        #expect(cut.first?.dots == 20)
        #expect(cut.first?.edge == .right)
        let left = Preflight.issues(in: Self.label([Self.barcode(x: 10, width: 840)]))
        #expect(left.map(\.edge) == [.left])
        #expect(left.first?.dots == 20)
    }

    @Test("every edge crossed is its own issue; a field named by no ^FX has no field")
    func everyEdge() {
        let box = DrawnElement(
            kind: .graphic, command: "^GB", box: DotRect(x: -5, y: -7, width: 1300, height: 1900), offset: 3)
        let issues = Preflight.issues(in: Self.label([box]))
        #expect(issues.map(\.edge) == [.left, .right, .top, .bottom])
        #expect(issues.map(\.dots) == [5, 95, 7, 93])
        #expect(issues.allSatisfy { $0.field == nil })
        #expect(issues.first?.message.contains("^GB at byte 3") == true)
    }

    @Test("text that overflows its ^FB block is an issue with the dots that do not fit")
    func textOverflow() {
        let text = DrawnElement(
            kind: .text, command: "^A", fieldName: "product_name", box: DotRect(x: 60, y: 60, width: 1080, height: 140),
            overflow: 70, offset: 40)
        let issues = Preflight.issues(in: Self.label([text]))
        #expect(issues.map(\.problem) == [.textOverflow])
        #expect(issues.first?.dots == 70)
    }

    @Test("a printer narrower than the label: past its printable width, said so")
    func printableWidth() {
        let issues = Preflight.issues(
            in: Self.label([Self.barcode(x: 330, width: 900)], width: 1300), printableWidth: 1228)
        #expect(issues.map(\.problem) == [.outsidePrintableWidth])
        #expect(issues.first?.dots == 2)
        #expect(Preflight.issues(in: Self.label([Self.barcode(x: 330, width: 840)]), printableWidth: 1228).isEmpty)
    }

    // MARK: Through the renderer

    static let gtin = "09501101530003"

    /// A 4×1 in template with one GS1-128 symbol of 3-dot modules at `x`.
    static func template(barcodeAt x: Int) throws -> LabelTemplate {
        try TemplateParser.parse(
            name: "edge",
            text: """
                %% dpi 300
                %% size 4x1in
                %% field gtin gtin required
                %% barcode (01){gtin}
                ^XA
                ^FO\(x),40{{barcode:3,160}}
                ^XZ
                """)
    }

    static func laidOut(_ template: LabelTemplate) throws -> PreviewDocument {
        let zpl = try TemplateRenderer.render(template, data: ["gtin": .string(gtin)], namingFields: true).get()
        return ZPLRenderer(options: PreviewOptions(dpi: 300)).layout(Array(zpl.utf8))
    }

    @Test("a template's bar code moved 40 dots past the right edge is refused naming its field and the dots")
    func templateBarcodePastTheEdge() throws {
        let width = try GS1ElementString([try .gtin(Self.gtin)]).code128Modules * 3
        let issues = Preflight.issues(in: try Self.laidOut(try Self.template(barcodeAt: 1200 + 40 - width)))
        #expect(issues.count == 1)
        #expect(issues.first?.field == "barcode")
        #expect(issues.first?.command == "^BC")
        #expect(issues.first?.edge == .right)
        #expect(issues.first?.dots == 40)
    }

    @Test("the same label inside the edge, quiet zone included, passes")
    func templateBarcodeInside() throws {
        let width = try GS1ElementString([try .gtin(Self.gtin)]).code128Modules * 3
        let document = try Self.laidOut(try Self.template(barcodeAt: 1200 - width - 30))
        #expect(document.labels.first?.elements.contains { $0.fieldName == "barcode" } == true)
        #expect(Preflight.issues(in: document).isEmpty)
    }

    @Test("the shipped templates pass pre-flight with good data, each field named")
    func shippedTemplatesPass() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates")
        let data: [String: [String: JSONValue]] = [
            "product-gs1": [
                "product_name": .string("Chicken thighs"), "gtin": .string(Self.gtin), "net_weight_kg": .number(1.234),
                "production_date": .string("2026-11-22"), "expiry_date": .string("2026-12-02"),
                "lot": .string("L2611220001"),
            ],
            "product-gs1-2d": [
                "product_name": .string("Chicken thighs"), "gtin": .string(Self.gtin), "net_weight_kg": .number(1.234),
                "expiry_date": .string("2026-12-02"), "lot": .string("L2611220001"),
            ],
            "lot-label": ["lot": .string("ABCDEFGHIJKLMNOPQRST")],
        ]
        for (name, values) in data.sorted(by: { $0.key < $1.key }) {
            let text = try String(contentsOf: folder.appendingPathComponent("\(name).zpl"), encoding: .utf8)
            let template = try TemplateParser.parse(name: name, text: text)
            let zpl = try TemplateRenderer.render(template, data: values, namingFields: true).get()
            let document = ZPLRenderer(options: PreviewOptions(dpi: template.dpi)).layout(Array(zpl.utf8))
            #expect(Preflight.issues(in: document, printableWidth: 1228).isEmpty, "\(name)")
            let named = Set(document.labels.flatMap(\.elements).compactMap(\.fieldName))
            #expect(named.isSuperset(of: template.fields.map(\.name)), "\(name): \(named)")
        }
    }

    @Test("text overflowing its ^FB block, and a Data Matrix past the bottom edge, found by the renderer's layout")
    func overflowAndMatrixThroughTheRenderer() {
        let zpl = """
            ^XA^PW600^LL300
            ^FO20,20^A0N,40,40^FB400,1,0,L^FXname:name^FDone two three four five six seven eight nine ten^FS
            ^FO20,250^FXname:datamatrix^BXN,8,200,,,,_^FD_10109501101530003^FS
            ^XZ
            """
        let issues = Preflight.issues(in: ZPLRenderer(options: PreviewOptions(dpi: 300)).layout(Array(zpl.utf8)))
        #expect(issues.contains { $0.field == "name" && $0.problem == .textOverflow && $0.dots > 0 })
        #expect(issues.contains { $0.field == "datamatrix" && $0.edge == .bottom && $0.problem == .outsideLabel })
    }
}
