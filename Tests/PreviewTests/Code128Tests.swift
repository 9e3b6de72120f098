import Testing

@testable import Preview

@Suite struct Code128Tests {
    @Test func patternsHaveElevenModules() {
        #expect(Code128Patterns.table.count == 107)
        for (value, pattern) in Code128Patterns.table.enumerated() {
            #expect(pattern.reduce(0) { $0 + Int($1) } == (value == 106 ? 13 : 11))
        }
    }

    @Test func normalModeStartsInSubsetB() {
        let encoder = Code128Encoder.encode(Array("ABC12".utf8), mode: .normal)
        #expect(encoder.allValues == [104, 33, 34, 35, 17, 18, 56, 106])
        #expect(encoder.interpretation == "ABC12")
    }

    @Test func gs1ModeChoosesSubsetsAndLeavesParenthesesOut() {
        let encoder = Code128Encoder.encode(Array("(01)09501101530003(10)L42".utf8), mode: .gs1)
        #expect(encoder.allValues == [105, 102, 1, 9, 50, 11, 1, 53, 0, 3, 10, 100, 44, 20, 18, 45, 106])
        #expect(encoder.interpretation == "(01)09501101530003(10)L42")
        let symbol = encoder.symbol(module: 3)
        #expect(symbol.data == "010950110153000310L42")
        #expect(symbol.width == (11 * 16 + 13) * 3)
        #expect(symbol.quietLeft == 30 && symbol.quietRight == 30)
        // Start C is 2 1 1 2 3 2 modules.
        #expect(Array(symbol.widths.prefix(6)) == [6, 3, 3, 6, 9, 6])
    }

    @Test func gs1ModeSeparatesVariableLengthValuesWithFNC1() {
        let data = "(01)09501101530003(10)ABC12(21)7(17)260630(10)X"
        let encoder = Code128Encoder.encode(Array(data.utf8), mode: .gs1)
        // After the lot (variable) an FNC1; after the fixed-length GTIN and date none; none after the last value.
        #expect(encoder.symbol(module: 1).data == "010950110153000310ABC12\u{1D}217\u{1D}17260630" + "10X")
        #expect(Code128Encoder.isFixedLength(ai: Array("01".utf8)))
        #expect(Code128Encoder.isFixedLength(ai: Array("3103".utf8)))
        #expect(Code128Encoder.isFixedLength(ai: Array("412".utf8)))
        #expect(!Code128Encoder.isFixedLength(ai: Array("10".utf8)))
        #expect(!Code128Encoder.isFixedLength(ai: Array("240".utf8)))
    }

    @Test func explicitSubsetCWithFNC1AndSeparator() {
        let encoder = Code128Encoder.encode(Array(">;>80109501101530003>6>810L4".utf8), mode: .normal)
        #expect(Array(encoder.values.prefix(3)) == [105, 102, 1])
        #expect(encoder.symbol(module: 1).data == "0109501101530003\u{1D}10L4")
    }

    @Test func lettersInSubsetCAreDropped() {
        let encoder = Code128Encoder.encode(Array(">;>810LOT42".utf8), mode: .normal)
        #expect(encoder.values == [105, 102, 10, 42])
        // A digit left without a partner in subset C is dropped as well.
        #expect(Code128Encoder.encode(Array(">;12345".utf8), mode: .normal).values == [105, 12, 34])
    }

    @Test func automaticModeUsesSubsetCForDigits() {
        #expect(Code128Encoder.encode(Array("12345678".utf8), mode: .automatic).values == [105, 12, 34, 56, 78])
        #expect(Code128Encoder.encode(Array("12345678".utf8), mode: .normal).values.count == 9)
        let mixed = Code128Encoder.encode(Array("AB123456".utf8), mode: .automatic)
        #expect(mixed.values == [104, 33, 34, 99, 12, 34, 56])
    }

    @Test func invocationLiterals() {
        let encoder = Code128Encoder.encode(Array("A>0B".utf8), mode: .normal)
        #expect(encoder.interpretation == "A>B")
    }

    @Test func uccCaseMode() {
        let encoder = Code128Encoder.encode(Array("0012345678901234567".utf8), mode: .ucc)
        #expect(Array(encoder.values.prefix(2)) == [105, 102])
        #expect(encoder.values.count == 12)
        #expect(encoder.interpretation.hasPrefix("(00) "))
    }

    @Test func barcodeElementHasQuietZoneAndInterpretationLine() throws {
        let document = render("^XA^BY2^FO50,50^BCN,100,Y,N^FD12345678^FS^XZ", width: 800)
        let element = try #require(document.labels[0].elements.first)
        #expect(element.kind == .barcode && element.command == "^BC")
        #expect(element.box.x == 50 && element.box.y == 50 && element.box.width == 246)
        #expect(element.box.height > 100)
        #expect(element.quietZone == DotRect(x: 30, y: 50, width: 286, height: 100))
        let bitmap = try #require(document.labels[0].bitmap)
        #expect(bitmap[50, 60] && bitmap[50, 149] && !bitmap[50, 151])
        // Start B: a 4-dot bar, 2-dot space, 2-dot bar.
        #expect(bitmap[53, 60] && !bitmap[54, 60] && bitmap[56, 60])
    }

    @Test func typesetBarcodeEndsAtTheOrigin() throws {
        let document = render("^XA^BY2^FT50,300^BCN,100,N^FD12^FS^XZ")
        let bitmap = try #require(document.labels[0].bitmap)
        #expect(inkBox(bitmap)?.y == 201 && inkBox(bitmap)?.maxY == 301)
    }

    @Test func rotatedBarcode() throws {
        let document = render("^XA^BY2^FO50,50^BCR,100,N^FD12^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.box == DotRect(x: 50, y: 50, width: 100, height: (11 * 4 + 13) * 2))
        #expect(element.quietZone?.height == (11 * 4 + 13 + 20) * 2)
    }

    @Test func turnedBarsStayAtTheOriginWithTheLineBesideThem() throws {
        // Turned right, the interpretation line lies left of the bars, past the ^FO origin.
        let document = render("^XA^BY2^FO100,100^BCR,100,Y,N^FDABC123^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.box.y == 100 && element.box.maxX == 200 && element.box.x < 100)
        #expect(element.quietZone?.x == 100 && element.quietZone?.width == 100)
        let above = try #require(render("^XA^BY2^FO100,100^BCN,100,Y,Y^FDABC123^FS^XZ").labels[0].elements.first)
        #expect(above.box.y < 100 && above.box.maxY == 200)
    }
}
