import Testing

@testable import Preview

/// Fonts A–H drawn as the printer draws them: native glyphs whose every dot becomes a block of the magnification.
@Suite struct BitmapFontTests {
    /// The dots of `bitmap` in a `width` × `height` box at (`x`, `y`), a row a string (`#` black).
    func rows(_ bitmap: LabelBitmap, x: Int, y: Int, width: Int, height: Int) -> [String] {
        (y..<(y + height)).map { row in String((x..<(x + width)).map { bitmap[$0, row] ? "#" : "." }) }
    }

    func bitmap(_ zpl: String, width: Int = 300, height: Int = 200) throws -> LabelBitmap {
        try #require(render(zpl, width: width, height: height).labels.first?.bitmap)
    }

    @Test func fontAAtMagnificationOneHasTheDrawnDots() throws {
        let label = try bitmap("^XA^FO10,10^AAN,9,5^FDA^FS^XZ")
        #expect(
            rows(label, x: 10, y: 10, width: 6, height: 9) == [
                ".###..", "#...#.", "#...#.", "#####.", "#...#.", "#...#.", "#...#.", "......", "......",
            ])
        // Nothing outside the cell.
        #expect(inkBox(label) == DotRect(x: 10, y: 10, width: 5, height: 7))
    }

    @Test func fontADescendersUseTheCellsLastRows() throws {
        let label = try bitmap("^XA^FO10,10^AAN,9,5^FDg^FS^XZ")
        #expect(
            rows(label, x: 10, y: 10, width: 5, height: 9) == [
                ".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", ".###.",
            ])
    }

    @Test func magnificationScalesEachDotToABlock() throws {
        let one = try bitmap("^XA^FO10,10^AAN,9,5^FDS^FS^XZ")
        // 36 × 10 dots is font A (9 × 5) at 4 high and 2 wide.
        let magnified = try bitmap("^XA^FO10,10^AAN,36,10^FDS^FS^XZ")
        for y in 0..<36 {
            for x in 0..<10 {
                #expect(magnified[10 + x, 10 + y] == one[10 + x / 2, 10 + y / 4], "dot \(x),\(y)")
            }
        }
        let ink = try #require(inkBox(magnified))
        #expect(ink.width == 10 && ink.height == 28)
    }

    @Test func advanceIsTheMatrixWidthPlusGapTimesTheMagnification() throws {
        // Font A: 5 dots and a 1-dot gap; font B: 7 and 2; at 3 wide, the second glyph starts 18 and 27 dots on.
        for (font, height, width, advance) in [("A", 27, 15, 18), ("B", 33, 21, 27)] {
            let zpl = "^XA^FO10,10^A\(font)N,\(height),\(width)^FDI|^FS^XZ"
            let element = try #require(render(zpl, width: 300, height: 200).labels[0].elements.first)
            #expect(element.box.width == 2 * advance)
            let label = try bitmap(zpl)
            let inked = (0..<300).filter { x in (0..<200).contains { label[x, $0] } }
            let second = try #require(inked.first { $0 >= 10 + width })
            #expect(inked.allSatisfy { $0 < 10 + width || $0 >= 10 + advance })
            #expect(second >= 10 + advance && second < 10 + advance + width)
        }
    }

    @Test func fontBPrintsSmallLettersAsCapitals() throws {
        let small = try bitmap("^XA^FO10,10^ABN,22,14^FDsample^FS^XZ")
        let capitals = try bitmap("^XA^FO10,10^ABN,22,14^FDSAMPLE^FS^XZ")
        #expect(small.bits == capitals.bits)
        #expect(inkBox(capitals)?.height == 22)
    }

    @Test func sheetsHoldEveryPrintableCharacter() {
        let printable = (0x21...0x7E).map { UInt32($0) }
        #expect(printable.allSatisfy { BitmapFont.fontASheet.glyphs[$0] != nil })
        let noSmallLetters = printable.filter { !(0x61...0x7A).contains($0) }
        #expect(noSmallLetters.allSatisfy { BitmapFont.fontBSheet.glyphs[$0] != nil })
        #expect(BitmapFont.fontBSheet.glyphs[0x61] == nil)
        #expect(BitmapFont.fontASheet.glyphs.values.allSatisfy { $0.width == 5 && $0.height == 9 })
        #expect(BitmapFont.fontBSheet.glyphs.values.allSatisfy { $0.width == 7 && $0.height == 11 })
    }

    @Test func glyphSheetReadsCharactersFromTheHeader() {
        let sheet = GlyphSheet(
            width: 3, height: 2, text: " x   y\n#.# ###\n.#. #.#\n\n         z\n... ... .#.\n... ... #.#\n")
        #expect(sheet.glyphs.keys.sorted() == [0x78, 0x79, 0x7A])
        #expect(sheet.glyphs[0x78]?[0, 0] == true && sheet.glyphs[0x78]?[1, 0] == false)
        #expect(sheet.glyphs[0x79]?[1, 1] == false && sheet.glyphs[0x79]?[2, 1] == true)
        #expect(sheet.glyphs[0x7A]?[1, 0] == true && sheet.glyphs[0x7A]?[0, 0] == false)
    }

    @Test func aCharacterWithoutAGlyphIsStillDrawn() throws {
        // Font A's sheet has no é: the scalable font draws it in the magnified cell.
        let label = try bitmap("^XA^CI28^FO10,10^AAN,36,20^FDé^FS^XZ")
        let ink = try #require(inkBox(label))
        #expect(ink.x >= 10 && ink.maxX <= 10 + 24 && ink.height > 10)
    }

    @Test func ocrFontsFillTheirMatrices() throws {
        #expect(FontFace.ocrA.isAvailable && FontFace.ocrB.isAvailable)
        #expect(FontFace.shared.capHeight == 1409)
        // Font H (OCR-A) is 21 × 13 and E (OCR-B) 28 × 15 with capitals 3 rows down and 20 rows tall; at twice.
        let h = try #require(inkBox(try bitmap("^XA^FO10,10^AHN,42,26^FDH^FS^XZ")))
        #expect(h.y == 10 && h.height == 42 && abs(h.width - 26) <= 2)
        let e = try #require(inkBox(try bitmap("^XA^FO10,10^AEN,56,30^FDH^FS^XZ")))
        #expect(e.y == 16 && e.height == 40 && e.width <= 30)
    }
}
