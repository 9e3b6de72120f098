/// One label's pixels, one bit each, as the print head lays them: rows top to bottom, each row packed most
/// significant bit first, a set bit a black dot.
public struct LabelBitmap: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Bytes per row: `(width + 7) / 8`.
    public let rowBytes: Int
    public internal(set) var bits: [UInt8]

    /// A white label of `width` × `height` dots.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.rowBytes = (self.width + 7) / 8
        self.bits = [UInt8](repeating: 0, count: rowBytes * self.height)
    }

    /// Whether the dot at column `x`, row `y` is black; false outside the label.
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        return bits[y * rowBytes + x >> 3] & (0x80 >> UInt8(x & 7)) != 0
    }

    /// How many dots are black.
    public var blackCount: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }
}
