import Testing

@testable import Preview

@Suite struct TextBlockTests {
    @Test func blockWrapsAtSpaces() throws {
        let document = render("^XA^FO10,10^A0N,30,30^FB200,4,5,L^FDone two three four five six seven^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.box == DotRect(x: 10, y: 10, width: 200, height: 4 * 35 - 5))
        #expect(element.overflow == 0)
        let ink = try #require(labelInk(document))
        #expect(ink.maxX <= 210)
        #expect(ink.height > 35)
    }

    @Test func textThatDoesNotFitOverflows() throws {
        let document = render("^XA^FO10,10^A0N,30,30^FB100,1,0,L^FDone two three four^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.overflow > 0)
        #expect(element.overflow % 30 == 0)
    }

    @Test func forcedLineBreak() {
        let font = FontSpec.scalable(height: 30, width: 30)
        let lines = TextWrapper.wrap(Array("ab\\&cd".unicodeScalars.map(\.value)), width: 1000, font: font)
        #expect(lines.count == 2)
    }

    @Test func centredLine() throws {
        let document = render("^XA^FO0,10^A0N,30,30^FB600,1,0,C^FDmiddle^FS^XZ")
        let ink = try #require(labelInk(document))
        #expect(abs((ink.x + ink.maxX) / 2 - 300) <= 3)
    }

    @Test func bitmapFontCells() throws {
        let document = render("^XA^FO10,10^ADN,36,20^FDABCD^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        // Font D is 18 × 10 with a 2-dot gap; 36,20 is twice that.
        #expect(element.box.height == 36 && element.box.width == 4 * 24)
    }
}
