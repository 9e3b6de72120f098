import CFreeType
import Foundation
import Synchronization

/// A bundled font through FreeType: Liberation Sans Narrow Bold (``shared``) stands in for Zebra's font 0 (CG
/// Triumvirate Bold Condensed) and is rasterised at their native matrices for bitmap fonts C, D, F and G; OCR-B
/// (``ocrB``) and OCR-A (``ocrA``) are rasterised for fonts E and H.
///
/// FreeType's library and face are not thread safe, so every call goes through one lock; advances (for layout)
/// come from the font's unhinted advance widths, read once per character and scaled, and glyph images are cached
/// per size, so a label's text costs a few dictionary look-ups after the first render.
final class FontFace: Sendable {
    static let shared = FontFace(resource: "LiberationSansNarrow-Bold", type: "ttf")
    /// OCR-A (public domain, John Sauter's), for font H.
    static let ocrA = FontFace(resource: "OCRA", type: "ttf")
    /// OCR-B (public domain, Matthew Skala's from Norbert Schwarz's sources), for font E.
    static let ocrB = FontFace(resource: "OCRB", type: "otf")

    private struct GlyphKey: Hashable {
        var scalar: UInt32
        var pixelWidth: Int
        var pixelHeight: Int
        var emboldenX: Int
        var emboldenY: Int
    }

    private struct State: ~Copyable {
        var library: FT_Library?
        var face: FT_Face?
        /// Advance of each character in font units.
        var advances: [UInt32: Int] = [:]
        var glyphs: [GlyphKey: Glyph] = [:]
    }

    private let state: Mutex<State>
    /// Font units per em.
    let unitsPerEm: Int
    /// Cap height (of `H`) in font units.
    let capHeight: Int

    private init(resource: String, type: String) {
        var library: FT_Library?
        var face: FT_Face?
        let path =
            Bundle.module.path(forResource: resource, ofType: type, inDirectory: "Resources")
            ?? Bundle.module.path(forResource: resource, ofType: type)
        if FT_Init_FreeType(&library) == 0, let path {
            if FT_New_Face(library, path, 0, &face) != 0 { face = nil }
        }
        unitsPerEm = face.map { Int($0.pointee.units_per_EM) } ?? 2048
        var capHeight = 1409 * unitsPerEm / 2048
        if let face, FT_Load_Char(face, 0x48, FT_Int32(FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING)) == 0 {
            capHeight = Int(face.pointee.glyph.pointee.metrics.horiBearingY)
        }
        self.capHeight = capHeight
        state = Mutex(State(library: library, face: face))
    }

    /// Whether the font could be loaded; without it text is laid out from a fixed advance and drawn as boxes.
    var isAvailable: Bool { state.withLock { $0.face != nil } }

    /// Whether the font has a glyph of its own for `scalar`.
    func hasGlyph(_ scalar: UInt32) -> Bool {
        state.withLock { state in state.face.map { FT_Get_Char_Index($0, FT_ULong(scalar)) != 0 } ?? false }
    }

    /// The width of `scalar`'s ink in font units.
    func inkWidth(of scalar: UInt32) -> Int { ink(of: scalar).width }

    /// Where `scalar`'s ink starts right of the pen, and its width, in font units.
    func ink(of scalar: UInt32) -> (left: Int, width: Int) {
        state.withLock { state in
            guard let face = state.face,
                FT_Load_Char(face, FT_ULong(scalar), FT_Int32(FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING)) == 0
            else { return (0, unitsPerEm / 2) }
            let metrics = face.pointee.glyph.pointee.metrics
            return (Int(metrics.horiBearingX), Int(metrics.width))
        }
    }

    /// Advances in font units of each of `scalars`.
    func advances(of scalars: [UInt32]) -> [Int] {
        state.withLock { state in
            scalars.map { scalar in
                if let known = state.advances[scalar] { return known }
                var advance = unitsPerEm / 2
                if let face = state.face {
                    let index = FT_Get_Char_Index(face, FT_ULong(scalar))
                    if FT_Load_Glyph(face, index, FT_Int32(FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING)) == 0 {
                        advance = Int(face.pointee.glyph.pointee.advance.x)
                    }
                }
                if state.advances.count < 4096 { state.advances[scalar] = advance }
                return advance
            }
        }
    }

    /// Glyph images of `scalars` at an em of `pixelWidth` × `pixelHeight` dots, their strokes made wider and
    /// taller by `embolden` 64ths of a dot (thinner where negative).
    func glyphs(
        of scalars: [UInt32], pixelWidth: Int, pixelHeight: Int, embolden: (x: Int, y: Int) = (0, 0)
    ) -> [Glyph] {
        state.withLock { state in
            scalars.map { scalar in
                let key = GlyphKey(
                    scalar: scalar, pixelWidth: pixelWidth, pixelHeight: pixelHeight, emboldenX: embolden.x,
                    emboldenY: embolden.y)
                if let known = state.glyphs[key] { return known }
                let glyph =
                    Self.render(state.face, key) ?? Glyph(image: MonoImage(width: 0, height: 0), left: 0, top: 0)
                if state.glyphs.count > 20_000 { state.glyphs.removeAll() }
                state.glyphs[key] = glyph
                return glyph
            }
        }
    }

    /// Characters the bundled font draws more upright than font 0 does, and how far to lean them (dots across per
    /// dot of height): font 0's `/` leans about 0.29, the bundled font's 0.18 (measured on `^A0N,200,150` in
    /// zplkit's output and ours). Drawn upright, a narrow `/` reads as `I` beside a capital.
    static let shears: [UInt32: Double] = [0x2F: 0.11]

    /// Leans an outline right by `shear` dots per dot of height, about its middle height, so it keeps its place.
    private static func slant(_ outline: inout FT_Outline, by shear: Double) {
        var box = FT_BBox()
        FT_Outline_Get_CBox(&outline, &box)
        var matrix = FT_Matrix(xx: 0x10000, xy: FT_Fixed((shear * 65536).rounded()), yx: 0, yy: 0x10000)
        FT_Outline_Transform(&outline, &matrix)
        FT_Outline_Translate(&outline, -FT_Pos((shear * Double(box.yMin + box.yMax) / 2).rounded()), 0)
    }

    private static func render(_ face: FT_Face?, _ key: GlyphKey) -> Glyph? {
        guard let face, key.pixelWidth > 0, key.pixelHeight > 0 else { return nil }
        guard FT_Set_Pixel_Sizes(face, FT_UInt(key.pixelWidth), FT_UInt(key.pixelHeight)) == 0 else { return nil }
        let index = FT_Get_Char_Index(face, FT_ULong(key.scalar))
        guard FT_Load_Glyph(face, index, FT_Int32(FT_LOAD_NO_HINTING)) == 0 else { return nil }
        if key.emboldenX != 0 || key.emboldenY != 0, face.pointee.glyph.pointee.format == FT_GLYPH_FORMAT_OUTLINE {
            FT_Outline_EmboldenXY(&face.pointee.glyph.pointee.outline, FT_Pos(key.emboldenX), FT_Pos(key.emboldenY))
        }
        if let shear = shears[key.scalar], face.pointee.glyph.pointee.format == FT_GLYPH_FORMAT_OUTLINE {
            Self.slant(&face.pointee.glyph.pointee.outline, by: shear)
        }
        guard FT_Render_Glyph(face.pointee.glyph, FT_RENDER_MODE_NORMAL) == 0
        else { return nil }
        let slot = face.pointee.glyph.pointee
        let bitmap = slot.bitmap
        let width = Int(bitmap.width)
        let height = Int(bitmap.rows)
        var image = MonoImage(width: width, height: height)
        if let buffer = bitmap.buffer {
            let pitch = Int(bitmap.pitch)
            let rowBytes = image.rowBytes
            image.bits.withUnsafeMutableBufferPointer { bits in
                for row in 0..<height {
                    let source = buffer + row * pitch
                    for column in 0..<width where source[column] >= 128 {
                        bits[row * rowBytes + column >> 3] |= 0x80 >> UInt8(column & 7)
                    }
                }
            }
        }
        return Glyph(image: image, left: Int(slot.bitmap_left), top: Int(slot.bitmap_top))
    }
}

/// One rendered character: its pixels and where they sit from the pen (left) and above the baseline (top).
struct Glyph: Sendable {
    var image: MonoImage
    var left: Int
    var top: Int
}
