/// A font as a field uses it: font 0 scaled to `height` × `width` dots, or a bitmap font's cell magnified.
///
/// Zebra facts (Zebra Programming Guide, ^A and "Fonts and Bar Codes", the font matrix table): font 0 is scalable;
/// `h` is the character height in dots and `w` the width, `w` = `h` giving the normal proportions; the top of the
/// capitals sits at the field origin of `^FO` and the baseline at about three quarters of `h` (calibrated against
/// zplkit's font 0 output: capital height 0.75 h, `H` advance about 0.63 h; advances in `font0Advances`).
/// Bitmap fonts A–H have fixed matrices (A 9×5, B 11×7, C and D 18×10, E 28×15, F 26×13, G 60×40, H 21×13 dots,
/// plus an inter-character gap) magnified by whole numbers from 1 to 10; they are approximated here with the
/// scalable font in their cells.
struct FontSpec: Sendable, Hashable {
    /// Character cell height in dots.
    var height: Int
    /// Horizontal scale: dots of width per `height` (1 for `w` = `h`).
    var widthRatio: Double
    /// A bitmap font's fixed advance in dots; nil for font 0.
    var fixedAdvance: Int?
    /// FreeType em size in dots.
    var emWidth: Int
    var emHeight: Int
    /// From the cell's top to the baseline.
    var baseline: Int

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

    /// A resident bitmap font (`A`…`H`) at the magnification nearest to `height` × `width`; nil for other letters.
    static func bitmap(_ letter: UInt8, height: Int?, width: Int?) -> FontSpec? {
        let matrices: [UInt8: (h: Int, w: Int, gap: Int)] = [
            UInt8(ascii: "A"): (9, 5, 1), UInt8(ascii: "B"): (11, 7, 2), UInt8(ascii: "C"): (18, 10, 2),
            UInt8(ascii: "D"): (18, 10, 2), UInt8(ascii: "E"): (28, 15, 5), UInt8(ascii: "F"): (26, 13, 3),
            UInt8(ascii: "G"): (60, 40, 8), UInt8(ascii: "H"): (21, 13, 6),
        ]
        guard let matrix = matrices[letter] else { return nil }
        func magnification(_ dots: Int?, _ base: Int) -> Int { min(max(((dots ?? base) + base / 2) / base, 1), 10) }
        let mh = magnification(height, matrix.h)
        let mw = magnification(width ?? (height != nil ? matrix.w * mh : nil), matrix.w)
        let cell = matrix.h * mh
        // Capitals fill the cell above the descenders: cap height 0.78 of the cell.
        let emHeight = max(1, cell * 113 / 100)
        return FontSpec(
            height: cell, widthRatio: Double(matrix.w * mw) / Double(cell), fixedAdvance: (matrix.w + matrix.gap) * mw,
            emWidth: max(1, matrix.w * mw * 17 / 10), emHeight: emHeight, baseline: cell * 78 / 100)
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
