import Foundation
import Testing

@testable import Preview

@Suite struct GraphicFieldTests {
    @Test func plainHex() throws {
        let document = render("^XA^FO10,20^GFA,4,4,2,F00F0FF0^FS^XZ")
        let bitmap = try #require(document.labels[0].bitmap)
        #expect(document.labels[0].elements[0].box == DotRect(x: 10, y: 20, width: 16, height: 2))
        #expect(bitmap.blackCount == 16)
        #expect(bitmap[10, 20] && bitmap[13, 20] && !bitmap[14, 20] && bitmap[25, 20] && !bitmap[10, 21])
    }

    @Test func compressedHex() {
        // Row 1: "I" = 3 × F then 0 → F F F 0; row 2: "," zeros; row 3: "!" ones; row 4: ":" repeats row 3.
        let image = GraphicField.decodeHex(ArraySlice("IF0,!:".utf8), total: 8, rowBytes: 2)
        #expect(image == [0xFF, 0xF0, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF])
        // "g" is 20 repeats, counts add up: "gH" is 22.
        let long = GraphicField.decodeHex(ArraySlice("gHA".utf8), total: 11, rowBytes: 11)
        #expect(long == [UInt8](repeating: 0xAA, count: 11))
    }

    static func base64Field(_ kind: String, _ payload: [UInt8], crcOffset: UInt16 = 0) -> String {
        let text = Data(payload).base64EncodedString()
        let crc = GraphicField.crc16(Array(text.utf8)) &+ crcOffset
        return ":\(kind):\(text):" + String(format: "%04X", crc)
    }

    @Test func base64AndZ64() throws {
        let b64 = render("^XA^FO0,0^GFA,2,2,1," + Self.base64Field("B64", [0xFF, 0x81]) + "^FS^XZ")
        #expect(b64.warnings.isEmpty)
        #expect(try #require(b64.labels[0].bitmap).blackCount == 10)
        // zlib stream of [0xFF, 0x81] made by python3 -c "import zlib; print(list(zlib.compress(bytes([255,129]))))".
        let deflated: [UInt8] = [120, 156, 251, 223, 8, 0, 2, 129, 1, 129]
        let z64 = render("^XA^FO0,0^GFA,2,2,1," + Self.base64Field("Z64", deflated) + "^FS^XZ")
        #expect(z64.warnings.isEmpty)
        #expect(try #require(z64.labels[0].bitmap).blackCount == 10)
    }

    @Test func badCRCIsAWarning() throws {
        let document = render("^XA^FO0,0^GFA,2,2,1," + Self.base64Field("B64", [0xFF, 0x81], crcOffset: 1) + "^FS^XZ")
        #expect(document.warnings.map(\.command) == ["^GF"])
        #expect(document.warnings[0].message.contains("CRC"))
        #expect(try #require(document.labels[0].bitmap).blackCount == 0)
    }

    @Test func binaryDataMayHoldPrefixes() throws {
        let zpl: [UInt8] = Array("^XA^FO0,0^GFB,2,2,1,".utf8) + [0x5E, 0x7E] + Array("^FS^XZ".utf8)
        let document = ZPLRenderer(options: PreviewOptions(dpi: 300, width: 100, height: 100)).render(zpl)
        #expect(document.warnings.isEmpty)
        // 0x5E and 0x7E have 5 and 6 bits set.
        #expect(try #require(document.labels[0].bitmap).blackCount == 11)
    }
}
