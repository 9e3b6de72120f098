import Testing

@testable import Preview

@Suite struct LinearBarcodeTests {
    @Test func eanCheckDigit() {
        #expect(RetailEncoder.ean13(Array("950110153000".utf8), module: 1).data == "9501101530003")
        #expect(RetailEncoder.ean13(Array("400638133393".utf8), module: 1).data == "4006381333931")
        let symbol = RetailEncoder.ean13(Array("950110153000".utf8), module: 2)
        #expect(symbol.width == 95 * 2)
        #expect(symbol.quietLeft == 22 && symbol.quietRight == 14)
    }

    @Test func upcCheckDigit() {
        let symbol = RetailEncoder.upcA(Array("03600029145".utf8), module: 1, printsCheckDigit: true)
        #expect(symbol.data == "036000291452")
        #expect(symbol.width == 95)
    }

    @Test func eanElementAndGuardBars() throws {
        let document = render("^XA^BY2^FO20,20^BEN,100,Y,N^FD950110153000^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.command == "^BE" && element.data == "9501101530003")
        let bitmap = try #require(document.labels[0].bitmap)
        // The first guard bar reaches below the data bars.
        #expect(bitmap[20, 125] && !bitmap[26, 125])
    }

    @Test func code39WithCheckCharacter() {
        let symbol = Code39Encoder.encode(Array("abc123".utf8), module: 2, ratio: 3, checkDigit: true)
        // A=10 B=11 C=12 1 2 3: 39 mod 43 = 39, the character '$'.
        #expect(symbol.data == "ABC123$")
        #expect(symbol.interpretation == "*ABC123$*")
        // Each character: 6 narrow and 3 wide elements plus a narrow gap between characters.
        #expect(symbol.width == 9 * (6 * 2 + 3 * 6) + 8 * 2)
    }

    @Test func interleaved2of5PadsAndChecks() {
        let odd = Interleaved2of5Encoder.encode(Array("12345".utf8), module: 1, ratio: 3, checkDigit: false)
        #expect(odd.data == "012345")
        let checked = Interleaved2of5Encoder.encode(Array("1234567".utf8), module: 1, ratio: 3, checkDigit: true)
        // 1234567: 3×(7+5+3+1) + (6+4+2) = 60 → check 0.
        #expect(checked.data == "12345670")
        // Start 4 narrow, 3 digits pairs of 5+5 elements (2 wide each digit), stop wide-narrow-narrow.
        #expect(odd.width == 4 + 3 * (6 + 2 * 3 * 2) + 3 + 2)
    }
}
