/// A font as a field uses it: font 0 scaled to `height` × `width` dots, or a bitmap font's cell magnified.
///
/// Zebra facts (Zebra Programming Guide, ^A and "Fonts and Bar Codes", the font matrix table): font 0 is scalable;
/// `h` is the character height in dots and `w` the width, `w` = `h` giving the normal proportions; the top of the
/// capitals sits at the field origin of `^FO` and the baseline at about three quarters of `h` (calibrated against
/// zplkit's font 0 output: capital height 0.75 h, `H` advance about 0.63 h; advances in `font0Advances`).
/// Bitmap fonts A–H have fixed matrices (A 9×5, B 11×7, C and D 18×10, E 28×15, F 26×13, G 60×40, H 21×13 dots,
/// plus an inter-character gap; ``matrices``) magnified by whole numbers from 1 to 10, each native dot printed as a
/// block of magnification dots. They are drawn so here, from ``BitmapFont``'s glyphs at the native matrix: A (5 × 7
/// dot matrix with descenders) and B (7 × 11, capitals only) from dot sheets drawn in this source; C, D, F and G
/// the bundled Liberation Sans Narrow Bold rasterised at the matrix, capitals and digits stretched across its
/// width; E OCR-B and H OCR-A, rasterised the same way (both bundled, both public domain: OCR-A by John Sauter,
/// OCR-B by Matthew Skala from Norbert Schwarz's sources, under "use, modify and distribute without limitation";
/// Resources/OCR-LICENSE.txt). A character a bitmap font has no glyph for is drawn with the scalable font scaled to
/// the magnified capitals (`emWidth`, `emHeight`, `embolden`).
struct FontSpec: Sendable, Hashable {
    /// Character cell height in dots.
    var height: Int
    /// Horizontal scale: dots of width per `height` (1 for `w` = `h`).
    var widthRatio: Double
    /// A bitmap font's fixed advance in dots; nil for font 0.
    var fixedAdvance: Int?
    /// The width a fixed-pitch character is centred in (a bitmap font's cell); nil for the whole advance.
    var cellWidth: Int? = nil
    /// FreeType em size in dots.
    var emWidth: Int
    var emHeight: Int
    /// From the cell's top to the baseline.
    var baseline: Int
    /// How much wider (x) and taller (y) the strokes are drawn than the font's own, in 64ths of a dot.
    var emboldenX = 0
    var emboldenY = 0
    /// A bitmap font's letter (its glyphs drawn from ``BitmapFont`` with each native dot magnified to
    /// `magnificationX` × `magnificationY` dots); nil for font 0.
    var bitmapLetter: UInt8? = nil
    var magnificationX = 1
    var magnificationY = 1

    static let maximumHeight = 1500

    /// Font 0's advance widths of the printable ASCII characters (space to `~`) in dots at a height and width of
    /// 1000 dots, measured from zplkit's font 0 output; nil where the bundled font's own advance is used instead.
    static let font0Advances: [Int?] = [
        282, 282, 469, 469, 469, nil, 625, 282, 282, 282, 469, nil, 282, nil, 282, 282, 469, 469, 469, 469, 469,
        469, 469, 469, 469, 469, 282, 282, nil, nil, nil, 437, 907, 562, 562, 532, 594, 500, 500, 594, 625, 282, 437,
        562, 469, 750, 625, 562, 562, 562, 594, 532, 500, 625, 532, 812, 562, 562, 500, 282, 469, 282, 500, 500, 282,
        469, 500, 437, 500, 469, 282, 500, 500, 250, 250, 437, 250, 750, 500, 469, 500, 500, 344, 437, 282, 500, 437,
        657, 437, 437, 375, 500, 500, 500, nil,
    ]

    /// Font 0 at `height` × `width` dots (either may be nil: it takes the other's value).
    static func scalable(height: Int?, width: Int?, face: FontFace = .shared) -> FontSpec {
        let h = min(max(height ?? width ?? 30, 1), maximumHeight)
        let w = min(max(width ?? h, 1), maximumHeight)
        let emHeight = max(1, Int((Double(h) * 0.75 * Double(face.unitsPerEm) / Double(face.capHeight)).rounded()))
        let emWidth = max(1, Int((Double(emHeight) * 0.9 * Double(w) / Double(h)).rounded()))
        return FontSpec(
            height: h, widthRatio: Double(w) / Double(h), fixedAdvance: nil, emWidth: emWidth, emHeight: emHeight,
            baseline: Int((Double(h) * 0.75).rounded()))
    }

    /// A resident bitmap font's matrix in native dots: the cell, where its capitals sit in it, and the advance
    /// (cell width plus the inter-character gap).
    struct Matrix {
        var height: Int
        var width: Int
        var advance: Int
        /// Rows from the cell's top to the capitals' top, and the capitals' rows.
        var capitalTop: Int
        var capitalRows: Int
        /// Stroke width in native dots.
        var stroke: Int
    }

    /// The matrices of fonts A–H at 203 dpi (Zebra Programming Guide, font matrices table), with the capitals'
    /// place in the cell as the printer's fonts draw them (measured from ZD621 previews, as zplkit renders them):
    /// capitals start at the cell's top (E's three rows below it) and fill its width; strokes are 1 dot wide in A,
    /// 2 in B, C, D and F, 3 in E and H, 6 in G.
    static let matrices: [UInt8: Matrix] = [
        UInt8(ascii: "A"): Matrix(height: 9, width: 5, advance: 6, capitalTop: 0, capitalRows: 7, stroke: 1),
        UInt8(ascii: "B"): Matrix(height: 11, width: 7, advance: 9, capitalTop: 0, capitalRows: 11, stroke: 2),
        UInt8(ascii: "C"): Matrix(height: 18, width: 10, advance: 12, capitalTop: 0, capitalRows: 14, stroke: 2),
        UInt8(ascii: "D"): Matrix(height: 18, width: 10, advance: 12, capitalTop: 0, capitalRows: 14, stroke: 2),
        UInt8(ascii: "E"): Matrix(height: 28, width: 15, advance: 20, capitalTop: 3, capitalRows: 20, stroke: 3),
        UInt8(ascii: "F"): Matrix(height: 26, width: 13, advance: 16, capitalTop: 0, capitalRows: 21, stroke: 2),
        UInt8(ascii: "G"): Matrix(height: 60, width: 40, advance: 48, capitalTop: 0, capitalRows: 48, stroke: 6),
        UInt8(ascii: "H"): Matrix(height: 21, width: 13, advance: 19, capitalTop: 0, capitalRows: 21, stroke: 3),
    ]

    /// A resident bitmap font (`A`…`H`) at the magnification nearest to `height` × `width` (each axis rounded on
    /// its own, 1 to 10); nil for other letters. Its glyphs come from ``BitmapFont`` at the native matrix, each dot
    /// drawn as a block of magnification dots; the em and widening here draw, with the scalable font scaled to the
    /// magnified capitals, the characters a bitmap font has no glyph for.
    static func bitmap(_ letter: UInt8, height: Int?, width: Int?, face: FontFace = .shared) -> FontSpec? {
        guard let matrix = matrices[letter] else { return nil }
        func magnification(_ dots: Int?, _ base: Int) -> Int { min(max(((dots ?? base) + base / 2) / base, 1), 10) }
        let mh = height.map { magnification($0, matrix.height) } ?? width.map { magnification($0, matrix.width) } ?? 1
        let mw = width.map { magnification($0, matrix.width) } ?? mh
        let capital = matrix.capitalRows * mh
        let cellWidth = matrix.width * mw
        let fit = fit(capital: capital, width: cellWidth, stem: matrix.stroke * mw, bar: matrix.stroke * mh, face: face)
        return FontSpec(
            height: matrix.height * mh, widthRatio: Double(cellWidth) / Double(matrix.height * mh),
            fixedAdvance: matrix.advance * mw, cellWidth: cellWidth, emWidth: fit.emWidth, emHeight: fit.emHeight,
            baseline: matrix.capitalTop * mh + capital, emboldenX: fit.emboldenX, emboldenY: fit.emboldenY,
            bitmapLetter: letter, magnificationX: mw, magnificationY: mh)
    }

    /// The em and the stroke widening that make the scalable font's capitals fill a box of `width` × `capital`
    /// dots with strokes `stem` dots wide and bars `bar` dots tall: the bundled font's stems are 0.118 em wide, its
    /// bars 0.111 em tall, its capitals 0.688 em tall and on average 0.50 em wide.
    static func fit(
        capital: Int, width: Int, stem: Int, bar: Int, face: FontFace
    ) -> (emWidth: Int, emHeight: Int, emboldenX: Int, emboldenY: Int) {
        let capitalRatio = Double(face.capHeight) / Double(face.unitsPerEm)
        let emHeight = max(1, Int(((Double(capital) - Double(bar)) / (capitalRatio - 0.111)).rounded()))
        let emWidth = max(1, Int(((Double(width) - Double(stem)) / (0.50 - 0.118)).rounded()))
        return (
            emWidth, emHeight, Int(((Double(stem) - 0.118 * Double(emWidth)) * 64).rounded()),
            Int(((Double(bar) - 0.111 * Double(emHeight)) * 64).rounded())
        )
    }

    /// A bar code's interpretation line for a module of `module` dots: capitals 7 modules high, a fixed advance of
    /// 6 modules (measured from zplkit's printer profile, whose interpretation lines use a fixed-pitch font).
    static func interpretation(module: Int, face: FontFace = .shared) -> FontSpec {
        let capital = 7 * module
        let emHeight = max(1, capital * face.unitsPerEm / max(1, face.capHeight))
        return FontSpec(
            height: (28 * module + 1) / 3, widthRatio: 6.0 / 9.33, fixedAdvance: 6 * module, emWidth: 8 * module,
            emHeight: emHeight, baseline: capital)
    }

    /// The pen positions of each character and the run's width, in dots.
    func measure(_ scalars: [UInt32], face: FontFace = .shared) -> (positions: [Int], width: Int) {
        var positions: [Int] = []
        positions.reserveCapacity(scalars.count)
        if let fixedAdvance {
            for index in scalars.indices { positions.append(index * fixedAdvance) }
            return (positions, scalars.count * fixedAdvance)
        }
        let scale = Double(emWidth) / Double(face.unitsPerEm)
        let font0Scale = Double(height) * widthRatio / 1000
        var pen = 0.0
        let advances = face.advances(of: scalars)
        for (scalar, advance) in zip(scalars, advances) {
            positions.append(Int(pen.rounded()))
            if scalar >= 0x20, scalar < 0x7F, let font0 = Self.font0Advances[Int(scalar - 0x20)] {
                pen += Double(font0) * font0Scale
            } else {
                pen += Double(advance) * scale
            }
        }
        return (positions, Int(pen.rounded()))
    }
}
