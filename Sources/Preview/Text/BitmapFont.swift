import Synchronization

/// A resident bitmap font's glyphs at its native matrix, one dot per printer dot; a field magnifies each dot to a
/// block of whole dots, as the printer does. Font A's and B's glyphs are drawn in this source (``GlyphSheet``);
/// C, D, F and G are the bundled scalable font rasterised at their matrices' sizes; E is OCR-B and H is OCR-A,
/// rasterised the same way (both fonts public domain, bundled with their notes in Resources/OCR-LICENSE.txt).
final class BitmapFont: Sendable {
    private enum Source: Sendable {
        /// Glyphs as drawn, a whole cell each; `uppercaseOnly` prints small letters as capitals.
        case sheet(GlyphSheet, uppercaseOnly: Bool)
        /// A fixed-pitch font rasterised at an em of `em` dots, its pen `pen` dots right of the cell's left edge.
        case face(FontFace, em: (width: Int, height: Int), pen: Int)
        /// The bundled scalable font with its capitals and digits each stretched across the matrix's width, as the
        /// printer's are; other characters at the em of an average capital.
        case filled(em: (width: Int, height: Int), embolden: (x: Int, y: Int))
    }

    let matrix: FontSpec.Matrix
    private let source: Source
    /// Glyphs (or their absence) by character, once made: a label's text costs a look-up a character.
    private let made = Mutex<[UInt32: Glyph?]>([:])

    private init(matrix: FontSpec.Matrix, source: Source) {
        self.matrix = matrix
        self.source = source
    }

    /// Font `letter` (`A`…`H`), nil for any other.
    static func font(_ letter: UInt8) -> BitmapFont? { fonts[letter] }

    private static let fonts: [UInt8: BitmapFont] = {
        var fonts: [UInt8: BitmapFont] = [:]
        for (letter, matrix) in FontSpec.matrices {
            let source: Source
            switch letter {
            case UInt8(ascii: "A"): source = .sheet(fontASheet, uppercaseOnly: false)
            case UInt8(ascii: "B"): source = .sheet(fontBSheet, uppercaseOnly: true)
            case UInt8(ascii: "E"): source = ocr(.ocrB, matrix, widest: 0x4D)
            case UInt8(ascii: "H"): source = ocr(.ocrA, matrix, widest: 0x4D)
            default:
                let fit = FontSpec.fit(
                    capital: matrix.capitalRows, width: matrix.width, stem: matrix.stroke, bar: matrix.stroke,
                    face: .shared)
                source = .filled(em: (fit.emWidth, fit.emHeight), embolden: (fit.emboldenX, fit.emboldenY))
            }
            fonts[letter] = BitmapFont(matrix: matrix, source: source)
        }
        return fonts
    }()

    /// An OCR font scaled so that its capitals fill the matrix's capital rows and its widest capital (`widest`)
    /// the matrix's width, that capital centred in the cell and every other glyph where the font puts it from the
    /// same pen (so stems line up as the font's design has them); strokes are drawn as the font has them.
    private static func ocr(_ face: FontFace, _ matrix: FontSpec.Matrix, widest: UInt32) -> Source {
        let emHeight = max(1, Int((Double(matrix.capitalRows * face.unitsPerEm) / Double(face.capHeight)).rounded()))
        let ink = face.ink(of: widest)
        let emWidth = max(1, Int((Double(matrix.width * face.unitsPerEm) / Double(max(1, ink.width))).rounded()))
        let scale = Double(emWidth) / Double(face.unitsPerEm)
        let pen = (Double(matrix.width) - Double(ink.width) * scale) / 2 - Double(ink.left) * scale
        return .face(face, em: (emWidth, emHeight), pen: Int(pen.rounded()))
    }

    /// Capitals and digits but the narrow `I` and `1`.
    private static func fillsWidth(_ scalar: UInt32) -> Bool {
        ((0x41...0x5A).contains(scalar) && scalar != 0x49) || ((0x30...0x39).contains(scalar) && scalar != 0x31)
    }

    /// Character `scalar`'s glyph in native dots, placed from the pen and above the baseline; nil where the font
    /// has none (the field draws it with the scalable font instead).
    func glyph(_ scalar: UInt32) -> Glyph? {
        if let known = made.withLock({ $0[scalar] }) { return known }
        let glyph = make(scalar)
        made.withLock { made in
            if made.count > 4096 { made.removeAll() }
            made[scalar] = glyph
        }
        return glyph
    }

    private func make(_ scalar: UInt32) -> Glyph? {
        let baseline = matrix.capitalTop + matrix.capitalRows
        if scalar == 0x20 { return Glyph(image: MonoImage(width: 0, height: 0), left: 0, top: baseline) }
        switch source {
        case .sheet(let sheet, let uppercaseOnly):
            let character = uppercaseOnly && (0x61...0x7A).contains(scalar) ? scalar - 0x20 : scalar
            return sheet.glyphs[character].map { Glyph(image: $0, left: 0, top: baseline) }
        case .face(let face, let em, let pen):
            guard face.hasGlyph(scalar) else { return nil }
            guard var glyph = face.glyphs(of: [scalar], pixelWidth: em.width, pixelHeight: em.height).first
            else { return nil }
            glyph.left += pen
            return glyph
        case .filled(var em, var embolden):
            let face = FontFace.shared
            guard face.hasGlyph(scalar) else { return nil }
            if Self.fillsWidth(scalar) {
                // The em at which this glyph's ink, its stems widened to the matrix's stroke, spans the width.
                let ink = Double(face.inkWidth(of: scalar)) / Double(face.unitsPerEm)
                let stem = Double(matrix.stroke)
                em.width = max(1, Int(((Double(matrix.width) - stem) / max(0.1, ink - 0.118)).rounded()))
                embolden.x = Int(((stem - 0.118 * Double(em.width)) * 64).rounded())
            }
            guard
                var glyph = face.glyphs(of: [scalar], pixelWidth: em.width, pixelHeight: em.height, embolden: embolden)
                    .first
            else { return nil }
            glyph.left = (matrix.width - glyph.image.width) / 2
            return glyph
        }
    }
}
