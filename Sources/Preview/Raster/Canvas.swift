/// Draws `DrawOp`s into a label's bits. Everything is clipped to the label, so no shape costs more than the
/// label's dots.
struct Canvas {
    private(set) var bitmap: LabelBitmap

    init(width: Int, height: Int) {
        bitmap = LabelBitmap(width: width, height: height)
    }

    mutating func draw(_ op: DrawOp) {
        switch op {
        case .rect(let rect, let paint): fill(rect, paint)
        case .box(let rect, let thickness, let rounding, let paint):
            drawBox(rect, thickness: thickness, rounding: rounding, paint)
        case .ellipse(let rect, let thickness, let paint): drawEllipse(rect, thickness: thickness, paint)
        case .diagonal(let rect, let thickness, let leansRight, let paint):
            drawDiagonal(rect, thickness: thickness, leansRight: leansRight, paint)
        case .image(let image, let placement, let scale, let paint): blit(image, placement, scale: scale, paint)
        case .text(let run, let placement, let paint): drawText(run, placement, paint)
        }
    }

    /// Fills `rect` (clipped) with `paint`.
    mutating func fill(_ rect: DotRect, _ paint: Paint) {
        let x0 = max(0, rect.x)
        let x1 = min(bitmap.width, rect.maxX)
        let y0 = max(0, rect.y)
        let y1 = min(bitmap.height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        let firstByte = x0 >> 3
        let lastByte = (x1 - 1) >> 3
        let firstMask: UInt8 = 0xFF >> UInt8(x0 & 7)
        let lastMask: UInt8 = 0xFF << UInt8(7 - ((x1 - 1) & 7))
        let rowBytes = bitmap.rowBytes
        bitmap.bits.withUnsafeMutableBufferPointer { bits in
            for row in y0..<y1 {
                let base = row * rowBytes
                for byte in firstByte...lastByte {
                    var mask: UInt8 = 0xFF
                    if byte == firstByte { mask &= firstMask }
                    if byte == lastByte { mask &= lastMask }
                    switch paint {
                    case .black: bits[base + byte] |= mask
                    case .white: bits[base + byte] &= ~mask
                    case .reverse: bits[base + byte] ^= mask
                    }
                }
            }
        }
    }

    /// Draws the set pixels of `image`, each `scale` × `scale` dots, in the frame `placement` turns onto the label.
    mutating func blit(
        _ image: MonoImage, _ placement: Placement, scale: Int, _ paint: Paint, at origin: (Int, Int) = (0, 0)
    ) {
        let box = placement.box
        guard box.maxX > 0, box.maxY > 0, box.x < bitmap.width, box.y < bitmap.height else { return }
        for row in 0..<image.height {
            var column = 0
            while column < image.width {
                guard image[column, row] else {
                    column += 1
                    continue
                }
                let start = column
                while column < image.width, image[column, row] { column += 1 }
                let local = DotRect(
                    x: origin.0 + start * scale, y: origin.1 + row * scale, width: (column - start) * scale,
                    height: scale)
                fill(placement.map(local), paint)
            }
        }
    }

    mutating func drawText(_ run: TextRun, _ placement: Placement, _ paint: Paint) {
        let box = placement.box
        guard box.maxX > 0, box.maxY > 0, box.x < bitmap.width, box.y < bitmap.height else { return }
        for line in run.lines {
            let glyphs = FontFace.shared.glyphs(
                of: line.scalars, pixelWidth: run.font.emWidth, pixelHeight: run.font.emHeight)
            for (glyph, position) in zip(glyphs, line.positions) {
                var left = line.x + position + glyph.left
                if let advance = run.font.fixedAdvance {
                    left = line.x + position + (advance - glyph.image.width) / 2
                }
                blit(glyph.image, placement, scale: 1, paint, at: (left, line.baseline - glyph.top))
            }
        }
    }
}
