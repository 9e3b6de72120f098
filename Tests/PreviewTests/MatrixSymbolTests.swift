import Testing

@testable import Preview

@Suite struct MatrixSymbolTests {
    @Test func qrVersionSizes() throws {
        let small = try #require(QRCodeEncoder.encode(QRCodeEncoder.parse(Array("QA,HELLO".utf8))))
        #expect(small.width == 21 && small.height == 21)
        let url = Array("MA,https://id.example.com/01/09501101530003/10/L123".utf8)
        let parsed = QRCodeEncoder.parse(url)
        #expect(parsed.data == Array("https://id.example.com/01/09501101530003/10/L123".utf8))
        let bigger = try #require(QRCodeEncoder.encode(parsed))
        #expect(bigger.width > 21 && (bigger.width - 17) % 4 == 0)
        // Finder pattern: the top left 7×7 has a dark border.
        #expect(bigger[0, 0] && bigger[6, 0] && bigger[0, 6] && !bigger[1, 1] && bigger[2, 2])
    }

    @Test func qrSegmentsAsThePrinterDoes() {
        let segments = QRSegmentation.segments(Array("ab1c".utf8), version: 1)
        #expect(segments.map(\.mode) == [.byte])
        let digits = QRSegmentation.segments(Array("ABC-1234567890123".utf8), version: 1)
        #expect(digits.map(\.mode) == [.alphanumeric, .numeric])
        #expect(digits.map(\.range) == [0..<4, 4..<17])
    }

    @Test func qrMaskIsReadAndRewritten() throws {
        let field = QRCodeEncoder.parse(Array("MA,https://id.example.com/01/04006381333931/21/SN-42".utf8))
        let image = try #require(QRCodeEncoder.encode(field))
        var modules = [UInt8](repeating: 0, count: image.width * image.height)
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y] { modules[y * image.width + x] = 1 }
        }
        let symbol = QRMask(modules: modules, size: image.width, level: 1)
        #expect(symbol.currentMask != nil)
        #expect(QRMask.formatBits(level: 1, mask: 0) == 0x5412)
        #expect(QRMask.formatBits(level: 0, mask: 0) == 0x77C4)
    }

    @Test func qrFieldIsMagnified() throws {
        let document = render("^XA^FO20,20^BQN,2,4^FDQA,HELLO^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.box.width == 84 && element.box.height == 84)
        #expect(element.quietZone?.width == 84 + 32)
        #expect(element.data == "HELLO")
    }

    @Test func dataMatrixSizes() throws {
        let ten = try #require(
            DataMatrixEncoder.encode(Array("123".utf8), fnc1: nil, columns: nil, rows: nil, rectangular: false))
        #expect(ten.width == 10 && ten.height == 10)
        // The L-shaped finder: left column and bottom row dark; the top row alternates.
        #expect((0..<10).allSatisfy { ten[0, $0] && ten[$0, 9] })
        #expect(ten[0, 0] && !ten[1, 0] && ten[2, 0])
        let sized = try #require(
            DataMatrixEncoder.encode(Array("123".utf8), fnc1: nil, columns: 16, rows: 16, rectangular: false))
        #expect(sized.width == 16)
        let rectangle = try #require(
            DataMatrixEncoder.encode(Array("123".utf8), fnc1: nil, columns: nil, rows: nil, rectangular: true))
        #expect(rectangle.width == 18 && rectangle.height == 8)
    }

    @Test func dataMatrixEscapesGiveGS1() throws {
        let unescaped = DataMatrixEncoder.unescape(
            Array("_10109501101530003_110L12__3".utf8), escape: UInt8(ascii: "_"))
        #expect(unescaped.fnc1 != nil)
        #expect(unescaped.scanned == "0109501101530003\u{1D}10L12_3")
        let document = render("^XA^FO20,20^BXN,5,200,,,,_^FD_10109501101530003_110L12^FS^XZ")
        let element = try #require(document.labels[0].elements.first)
        #expect(element.command == "^BX" && document.warnings.isEmpty)
        #expect(element.box.width == element.box.height && element.box.width % 5 == 0)
        #expect(element.data == "0109501101530003\u{1D}10L12")
    }
}
