/// How a shape meets the dots under it: black, white, or reversed (`^FR`, `^LR`: black on white, white on black).
enum Paint: Sendable, Hashable {
    case black, white, reverse

    init(whiteWhen letter: UInt8?, reversed: Bool) {
        if reversed {
            self = .reverse
        } else {
            self = letter == UInt8(ascii: "W") ? .white : .black
        }
    }
}

/// One drawing step of a laid-out label, in label dots; the rasteriser runs them in order.
enum DrawOp: Sendable {
    case rect(DotRect, Paint)
    /// `^GB` with rounded corners (`rounding` 1–8) or a border.
    case box(DotRect, thickness: Int, rounding: Int, Paint)
    /// `^GC` and `^GE`: an ellipse ring of `thickness` inside `rect`.
    case ellipse(DotRect, thickness: Int, Paint)
    /// `^GD`: a line from corner to corner, `thickness` dots wide across.
    case diagonal(DotRect, thickness: Int, leansRight: Bool, Paint)
    /// 1-bit pixels (a `^GF` image, a glyph run, a 2D symbol) in a frame, turned by `placement`.
    case image(MonoImage, Placement, scale: Int, Paint)
    /// Text: glyphs rendered at raster time, so that layout never rasterises.
    case text(TextRun, Placement, Paint)
}
