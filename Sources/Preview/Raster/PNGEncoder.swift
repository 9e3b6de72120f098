import CZlib

/// Writes a label as a 1-bit grayscale PNG (color type 0, bit depth 1: a 0 bit black, a 1 bit white), deflated
/// by zlib, each row with filter type 0 (PNG specification, sections 11.2.2 IHDR and 12.8 on filters: for
/// bilevel images filtering buys little).
public enum PNGEncoder {
    /// The PNG bytes of `bitmap`.
    public static func encode(_ bitmap: LabelBitmap, level: Int32 = 6) -> [UInt8] {
        let rowBytes = bitmap.rowBytes
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * bitmap.height)
        let padding: UInt8 = bitmap.width % 8 == 0 ? 0 : 0xFF >> UInt8(bitmap.width % 8)
        raw.withUnsafeMutableBufferPointer { raw in
            bitmap.bits.withUnsafeBufferPointer { bits in
                for row in 0..<bitmap.height {
                    let out = row * (rowBytes + 1)
                    raw[out] = 0
                    let base = row * rowBytes
                    for byte in 0..<rowBytes { raw[out + 1 + byte] = ~bits[base + byte] }
                    if rowBytes > 0 { raw[out + rowBytes] |= padding }
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(bitmap.width)) + bigEndian(UInt32(bitmap.height))
        header += [1, 0, 0, 0, 0]
        chunk("IHDR", header, into: &png)
        chunk("IDAT", deflate(raw, level: level), into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    static func deflate(_ bytes: [UInt8], level: Int32) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &length, input.baseAddress, uLong(input.count), level)
            }
        }
        precondition(status == Z_OK, "compressBound leaves room for any input")
        return Array(out.prefix(Int(length)))
    }

    private static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        let body = typeBytes + data
        png += body
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        png += bigEndian(UInt32(truncatingIfNeeded: crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

extension LabelBitmap {
    /// This label as a 1-bit grayscale PNG.
    public func png() -> [UInt8] { PNGEncoder.encode(self) }
}
