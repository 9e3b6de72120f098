/// Glyphs drawn as text, for reading and editing in the source: blocks of a header line naming the characters and
/// `height` rows of dots (`#` a dot, anything else none), each glyph `width` columns wide, one column between
/// glyphs, the header's character over the glyph's middle column; blocks are parted by blank lines. A space in the
/// header leaves that place without a glyph.
struct GlyphSheet: Sendable {
    let width: Int
    let height: Int
    /// The glyphs by character, each `width` × `height` dots.
    let glyphs: [UInt32: MonoImage]

    init(width: Int, height: Int, text: String) {
        self.width = width
        self.height = height
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        var glyphs: [UInt32: MonoImage] = [:]
        var index = 0
        while index < lines.count {
            let header = lines[index]
            guard !header.allSatisfy({ $0 == UInt8(ascii: " ") }) else {
                index += 1
                continue
            }
            let rows = lines[(index + 1)..<min(lines.count, index + 1 + height)]
            for column in stride(from: width / 2, to: header.count, by: width + 1)
            where header[column] != UInt8(ascii: " ") {
                let left = column - width / 2
                var image = MonoImage(width: width, height: height)
                for (y, row) in rows.enumerated() {
                    for x in 0..<width where left + x < row.count && row[left + x] == UInt8(ascii: "#") {
                        image[x, y] = true
                    }
                }
                glyphs[UInt32(header[column])] = image
            }
            index += 1 + height
        }
        self.glyphs = glyphs
    }
}
