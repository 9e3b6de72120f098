import Testing

@testable import Preview

@Suite struct ZPLRendererTests {
    @Test func oneLabelPerFormat() {
        let zpl = Array("^XA^FO10,10^FDone^FS^XZ^XA^FDtwo^FS^XZ".utf8)
        let document = ZPLRenderer(options: PreviewOptions(dpi: 300, width: 600, height: 400)).render(zpl)
        #expect(document.labels.map(\.number) == [1, 2])
        #expect(document.labels.first?.bitmap?.width == 600)
        #expect(document.labels.first?.bitmap?.rowBytes == 75)
    }
}
