import Core
import Testing

@testable import Preview

/// Core's GS1-128 fields (mode N with explicit invocation codes) render to the width Core computes and carry the
/// element string, FNC1 separators included.
@Suite struct GS1BarcodeTests {
    static let strings: [[(String, String)]] = [
        [("01", "09501101530003"), ("3103", "001234"), ("11", "261122")],
        [("17", "261202"), ("10", "L2611220042")],
        [("10", "ABC1234"), ("21", "12345"), ("37", "12")],
        [("00", "095011015300000010")],
    ]

    @Test(arguments: 0..<4)
    func coreFieldsRenderAtCoreWidth(_ index: Int) throws {
        let elements = try Self.strings[index].map { try GS1Element(ai: $0.0, value: $0.1) }
        let string = try GS1ElementString(elements)
        let zpl = "^XA" + (try string.zplBarcode(x: 20, y: 20, moduleWidth: 2, height: 100)) + "^XZ"
        let document = render(zpl, width: 1218, height: 400)
        #expect(document.warnings.isEmpty)
        let element = try #require(document.labels[0].elements.first)
        #expect(element.box.width == string.code128Modules * 2)
        var expected = ""
        for (position, element) in elements.enumerated() {
            expected += element.ai.code + element.value
            if element.ai.needsSeparatorWhenNotLast, position < elements.count - 1 { expected += "\u{1D}" }
        }
        #expect(element.data == expected)
    }
}
