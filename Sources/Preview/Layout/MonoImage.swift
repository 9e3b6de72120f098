/// A small 1-bit image (a decoded `^GF`, a glyph, a 2D symbol's modules), rows packed most significant bit first.
struct MonoImage: Sendable, Hashable {
    let width: Int
    let height: Int
    let rowBytes: Int
    var bits: [UInt8]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        rowBytes = (self.width + 7) / 8
        bits = [UInt8](repeating: 0, count: rowBytes * self.height)
    }

    init(width: Int, height: Int, rowBytes: Int, bits: [UInt8]) {
        self.width = width
        self.height = height
        self.rowBytes = rowBytes
        self.bits = bits
    }

    subscript(x: Int, y: Int) -> Bool {
        get { bits[y * rowBytes + x >> 3] & (0x80 >> UInt8(x & 7)) != 0 }
        set {
            let mask: UInt8 = 0x80 >> UInt8(x & 7)
            if newValue { bits[y * rowBytes + x >> 3] |= mask } else { bits[y * rowBytes + x >> 3] &= ~mask }
        }
    }
}
