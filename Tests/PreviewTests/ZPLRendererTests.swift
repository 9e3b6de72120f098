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

    @Test func sizeComesFromPrintWidthAndLabelLength() {
        let document = ZPLRenderer(options: PreviewOptions(dpi: 203)).render(Array("^XA^PW400^LL300^XZ".utf8))
        #expect(document.labels[0].width == 400)
        #expect(document.labels[0].height == 300)
        let plain = ZPLRenderer(options: PreviewOptions(dpi: 203)).layout(Array("^XA^XZ".utf8))
        #expect(plain.labels[0].width == 812)
        #expect(plain.labels[0].height == 1218)
    }

    @Test func fieldOriginAndLabelHome() throws {
        let document = render("^XA^LH20,30^FO100,50^GB40,20,20^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.box == DotRect(x: 120, y: 80, width: 40, height: 20))
        #expect(labelInk(document) == element.box)
    }

    @Test func typesetTextSitsOnItsBaseline() throws {
        let fo = render("^XA^FO100,100^A0N,100,100^FDH^FS^XZ")
        let ft = render("^XA^FT100,175^A0N,100,100^FDH^FS^XZ")
        let foInk = try #require(labelInk(fo))
        let ftInk = try #require(labelInk(ft))
        #expect(foInk == ftInk)
        // Capitals 0.75 of the height, their top at the ^FO origin.
        #expect(abs(foInk.y - 100) <= 1)
        #expect(abs(foInk.height - 75) <= 2)
        #expect(fo.labels[0].elements[0].box.y == 100)
        #expect(fo.labels[0].elements[0].box.height == 100)
    }

    @Test func rotationsTurnTheBox() throws {
        let normal = try #require(render("^XA^FO100,50^A0N,40,40^FDRotate^FS^XZ").labels[0].elements.first).box
        for letter in ["R", "I", "B"] {
            let box = try #require(render("^XA^FO100,50^A0\(letter),40,40^FDRotate^FS^XZ").labels[0].elements.first).box
            #expect(box.x == 100 && box.y == 50)
            if letter == "I" {
                #expect(box.width == normal.width && box.height == normal.height)
            } else {
                #expect(box.width == normal.height && box.height == normal.width)
            }
            let ink = try #require(labelInk(render("^XA^FO100,50^A0\(letter),40,40^FDRotate^FS^XZ")))
            #expect(ink.x >= box.x && ink.maxX <= box.maxX && ink.y >= box.y && ink.maxY <= box.maxY)
        }
    }

    @Test func unknownCommandIsAWarningWithItsOffset() {
        let document = render("^XA^FO10,10^QQ1,2^FDx^FS^XZ")
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.command == "^QQ")
        #expect(document.warnings.first?.offset == 11)
        #expect(document.warnings.first?.label == 1)
        #expect(document.labels[0].elements.count == 1)
    }

    @Test func controlCommandsDrawNothing() throws {
        let document = render("~JA^XA~SD15^FO10,10^GB20,20,20^FS~JR^XZ~HS")
        #expect(document.warnings.isEmpty)
        #expect(try #require(document.labels[0].bitmap).blackCount == 400)
    }

    @Test func changedPrefixesAndDelimiter() throws {
        let document = render("^XA^CC!!CD;!FO10;10!GB20;20;20!FS!XZ")
        #expect(document.labels.count == 1)
        #expect(document.labels[0].elements.first?.box == DotRect(x: 10, y: 10, width: 20, height: 20))
    }

    @Test func hexEscapesAreDecoded() {
        let document = render("^XA^FO10,10^A0N,30,30^FH^FDA_5EB_7E_5F^FS^XA^FO10,10^FH#^FDx#41^FS^XZ")
        #expect(document.labels[0].elements[0].data == "A^B~_")
        #expect(document.labels[1].elements[0].data == "xA")
    }

    @Test func fieldReverseInvertsWhatIsUnder() throws {
        let document = render("^XA^FO0,0^GB100,100,100^FS^FO50,0^FR^GB100,100,100^FS^XZ")
        let bitmap = try #require(document.labels[0].bitmap)
        #expect(bitmap[10, 10] && !bitmap[60, 10] && bitmap[120, 10])
        #expect(bitmap.blackCount == 10_000)
    }

    @Test func quantityRepeatsTheLabel() {
        let document = render("^XA^FO10,10^GB5,5,5^FS^PQ3^XZ")
        #expect(document.labels.map(\.number) == [1, 2, 3])
        let huge = render("^XA^PQ99999999^XZ")
        #expect(huge.labels.count == ZPLInterpreter.maximumLabels)
        #expect(huge.warnings.contains { $0.command == "^PQ" })
    }

    @Test func oneLabelOnly() throws {
        let renderer = ZPLRenderer(options: PreviewOptions(dpi: 300, width: 100, height: 100))
        let label = try #require(renderer.render(Array("^XA^XZ^XA^FO0,0^GB10,10,10^FS^XZ".utf8), label: 2))
        #expect(label.number == 2)
        #expect(label.bitmap?.blackCount == 100)
        #expect(renderer.render(Array("^XA^XZ".utf8), label: 2) == nil)
    }

    @Test func fieldNameComesFromNameComment() {
        let document = render("^XA^FO10,10^FXname:gtin^BCN,50^FD123456^FS^FX plain comment^FO10,100^FDx^FS^XZ")
        #expect(document.labels[0].elements.map(\.fieldName) == ["gtin", nil])
    }

    @Test func layoutHasBoxesWithoutPixels() {
        let document = ZPLRenderer(options: PreviewOptions(dpi: 300)).layout(Array("^XA^FO10,10^GB5,5,5^FS^XZ".utf8))
        #expect(document.labels[0].bitmap == nil)
        #expect(document.labels[0].elements.count == 1)
    }

    @Test func printOrientationInvertedTurnsTheLabel() throws {
        let document = render("^XA^POI^FO0,0^GB10,10,10^FS^XZ", width: 100, height: 50)
        let bitmap = try #require(document.labels[0].bitmap)
        #expect(bitmap[95, 45] && !bitmap[5, 5])
        #expect(document.labels[0].elements[0].box == DotRect(x: 90, y: 40, width: 10, height: 10))
    }
}
