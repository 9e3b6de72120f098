import CZlib

/// A `^GF` image decoded from its field data.
///
/// Zebra facts (Zebra Programming Guide, ^GF and "ZB64 Encoding and Compression"): `^GFa,b,c,d,data`: `a` is `A`
/// (ASCII hex), `B` (binary) or `C` (compressed binary), `b` the bytes of binary data, `c` the graphic's total
/// bytes, `d` the bytes per row. ASCII hex may be compressed: `G`–`Y` repeat the next hex digit 1–19 times,
/// `g`–`z` 20–400 times (counts add up: `hB` is 20 + 2), `,` fills the rest of the row with zeros, `!` with ones,
/// `:` repeats the previous row. `:Z64:` (zlib deflate) and `:B64:` (plain) data are base64 followed by `:` and
/// a CRC-16 (CCITT, polynomial 0x1021, initial 0) of the base64 text in four hex digits.
struct GraphicField {
    enum Problem: Error, Equatable {
        case badCRC, badBase64, badDeflate, unsupportedFormat, empty
    }

    /// At most this many bytes of pixels (a 600 dpi 4 × 6 in label is about 1.1 MB).
    static let maximumBytes = 2_000_000

    static func decode(format: UInt8, totalBytes: Int, rowBytes: Int, data: ArraySlice<UInt8>) -> Result<
        MonoImage, Problem
    > {
        let rowBytes = min(max(rowBytes, 1), 9999)
        let total = min(max(totalBytes, 0), maximumBytes) / rowBytes * rowBytes
        guard total > 0 else { return .failure(.empty) }
        let trimmed = ZPLParameters.trimmed(data)
        var bytes: [UInt8]
        if format == UInt8(ascii: "C") {
            return .failure(.unsupportedFormat)
        } else if trimmed.starts(with: Array(":Z64:".utf8)) || trimmed.starts(with: Array(":B64:".utf8)) {
            switch decodeBase64Field(trimmed, total: total) {
            case .success(let decoded): bytes = decoded
            case .failure(let problem): return .failure(problem)
            }
        } else if format == UInt8(ascii: "B") {
            bytes = Array(data.prefix(total))
        } else {
            bytes = decodeHex(trimmed, total: total, rowBytes: rowBytes)
        }
        if bytes.count < total { bytes += [UInt8](repeating: 0, count: total - bytes.count) }
        return .success(
            MonoImage(
                width: rowBytes * 8, height: total / rowBytes, rowBytes: rowBytes, bits: Array(bytes.prefix(total))))
    }

    static func decodeHex(_ data: ArraySlice<UInt8>, total: Int, rowBytes: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: total)
        let rowNibbles = rowBytes * 2
        var nibble = 0
        var repeatCount = 0
        let limit = total * 2
        func put(_ value: UInt8) {
            out[nibble >> 1] |= nibble & 1 == 0 ? value << 4 : value
            nibble += 1
        }
        for byte in data {
            guard nibble < limit else { break }
            switch byte {
            case UInt8(ascii: "G")...UInt8(ascii: "Y"): repeatCount += Int(byte - UInt8(ascii: "G")) + 1
            case UInt8(ascii: "g")...UInt8(ascii: "z"): repeatCount += (Int(byte - UInt8(ascii: "g")) + 1) * 20
            case UInt8(ascii: ","), UInt8(ascii: "!"):
                let rowEnd = min(limit, (nibble / rowNibbles + 1) * rowNibbles)
                while nibble < rowEnd { put(byte == UInt8(ascii: "!") ? 0xF : 0) }
                repeatCount = 0
            case UInt8(ascii: ":"):
                let row = nibble / rowNibbles
                if row > 0, nibble % rowNibbles == 0 {
                    let start = (row - 1) * rowBytes
                    for index in 0..<rowBytes where start + rowBytes + index < total {
                        out[start + rowBytes + index] = out[start + index]
                    }
                    nibble = min(limit, nibble + rowNibbles)
                }
                repeatCount = 0
            default:
                guard let value = hexValue(byte) else { continue }
                for _ in 0..<min(max(repeatCount, 1), limit - nibble) { put(value) }
                repeatCount = 0
            }
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func decodeBase64Field(_ data: ArraySlice<UInt8>, total: Int) -> Result<[UInt8], Problem> {
        let compressed = data.starts(with: Array(":Z64:".utf8))
        let body = data.dropFirst(5)
        let colon = body.firstIndex(of: UInt8(ascii: ":")) ?? body.endIndex
        let text = body[body.startIndex..<colon].filter { $0 > 0x20 }
        let crcText = body[min(colon + 1, body.endIndex)...].prefix(4)
        guard crcText.count == 4, let crc = UInt16(String(decoding: crcText, as: UTF8.self), radix: 16),
            crc == crc16(text)
        else { return .failure(.badCRC) }
        guard let decoded = Base64.decode(text) else { return .failure(.badBase64) }
        guard compressed else { return .success(decoded) }
        var length = uLongf(total)
        var out = [UInt8](repeating: 0, count: total)
        let status = out.withUnsafeMutableBufferPointer { out in
            decoded.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        guard status == Z_OK || status == Z_BUF_ERROR else { return .failure(.badDeflate) }
        return .success(Array(out.prefix(Int(length))))
    }

    /// CRC-16/XMODEM (polynomial 0x1021, initial 0, no reflection).
    static func crc16(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}
