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
        case .image(let image, let placement, let scale, let paint):
            blit(image, placement, scale: (scale, scale), paint)
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

    /// Draws the set pixels of `image`, each `scale.x` × `scale.y` dots, in the frame `placement` turns onto the
    /// label. Rows and bytes that are white, or land outside the label, cost next to nothing.
    mutating func blit(
        _ image: MonoImage, _ placement: Placement, scale: (x: Int, y: Int), _ paint: Paint,
        at origin: (Int, Int) = (0, 0)
    ) {
        let box = placement.box
        guard box.maxX > 0, box.maxY > 0, box.x < bitmap.width, box.y < bitmap.height else { return }
        let label = DotRect(x: 0, y: 0, width: bitmap.width, height: bitmap.height)
        for row in 0..<image.height {
            let rowRect = placement.map(
                DotRect(x: origin.0, y: origin.1 + row * scale.y, width: image.width * scale.x, height: scale.y))
            guard rowRect.maxX > label.x, rowRect.x < label.maxX, rowRect.maxY > label.y, rowRect.y < label.maxY
            else { continue }
            var column = 0
            let base = row * image.rowBytes
            while column < image.width {
                if column & 7 == 0, image.bits[base + column >> 3] == 0 {
                    column += 8
                    continue
                }
                guard image[column, row] else {
                    column += 1
                    continue
                }
                let start = column
                while column < image.width, image[column, row] { column += 1 }
                let local = DotRect(
                    x: origin.0 + start * scale.x, y: origin.1 + row * scale.y, width: (column - start) * scale.x,
                    height: scale.y)
                fill(placement.map(local), paint)
            }
        }
    }

    mutating func drawText(_ run: TextRun, _ placement: Placement, _ paint: Paint) {
        let box = placement.box
        guard box.maxX > 0, box.maxY > 0, box.x < bitmap.width, box.y < bitmap.height else { return }
        let font = run.font
        for line in run.lines {
            // Only the characters whose cell can reach the label are rendered.
            var visible: [Int] = []
            for (index, position) in line.positions.enumerated() {
                let cell = placement.map(
                    DotRect(
                        x: line.x + position - font.emWidth / 2, y: line.baseline - font.emHeight * 3 / 2,
                        width: font.emWidth * 2, height: font.emHeight * 2))
                if cell.maxX > 0, cell.maxY > 0, cell.x < bitmap.width, cell.y < bitmap.height { visible.append(index) }
            }
            guard !visible.isEmpty else { continue }
            // A bitmap font's glyphs are its native dots, each drawn as a block of the field's magnification; the
            // characters it has no glyph for are drawn with the scalable font below.
            if let bitmapFont = font.bitmapLetter.flatMap(BitmapFont.font) {
                let magnification = (font.magnificationX, font.magnificationY)
                visible = visible.filter { index in
                    guard let glyph = bitmapFont.glyph(line.scalars[index]) else { return true }
                    let origin = (
                        line.x + line.positions[index] + glyph.left * magnification.0,
                        line.baseline - glyph.top * magnification.1
                    )
                    blit(glyph.image, placement, scale: magnification, paint, at: origin)
                    return false
                }
            }
            let glyphs = FontFace.shared.glyphs(
                of: visible.map { line.scalars[$0] }, pixelWidth: font.emWidth, pixelHeight: font.emHeight,
                embolden: (font.emboldenX, font.emboldenY))
            for (glyph, index) in zip(glyphs, visible) {
                let position = line.positions[index]
                var left = line.x + position + glyph.left
                if let advance = font.fixedAdvance {
                    left = line.x + position + ((font.cellWidth ?? advance) - glyph.image.width) / 2
                }
                blit(glyph.image, placement, scale: (1, 1), paint, at: (left, line.baseline - glyph.top))
            }
        }
    }
}
