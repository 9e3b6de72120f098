import Foundation
import Testing

@testable import Preview

@Suite struct PNGEncoderTests {
    /// Decodes the PNG with python3's zlib (a decoder we did not write) and reads back a row.
    @Test func pngDecodesWithZlib() throws {
        let document = render("^XA^FO0,0^GB8,1,1^FS^FO3,1^GB2,1,1^FS^XZ", width: 13, height: 3)
        let png = try #require(document.labels[0].bitmap).png()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID().uuidString).png")
        try Data(png).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            pos, idat, ihdr = 8, b'', None
            while pos < len(data):
                n, = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]
                assert zlib.crc32(kind + body) == struct.unpack('>I', data[pos+8+n:pos+12+n])[0]
                if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
                if kind == b'IDAT': idat += body
                pos += 12 + n
            raw = zlib.decompress(idat)
            print(ihdr[0], ihdr[1], ihdr[2], ihdr[3], raw.hex())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        // 13 × 3, bit depth 1, grayscale; rows: filter 0, then the bits with black as 0 and the padding white.
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "13 3 1 0 0000ff00e7ff00ffff")
    }
}
