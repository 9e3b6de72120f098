/// Text fields: the field data decoded (`^FH`, `^CI`), laid out in one line or an `^FB` block, placed by
/// `^FO`/`^FT`.
extension ZPLInterpreter {
    /// Ends the pending field at `^FS` (or where a format ends without one) and lays it out.
    mutating func emitField(closedBy offset: Int) {
        defer { field = PendingField() }
        guard let raw = field.data else {
            if let barcode = field.barcode {
                warn("^" + barcode.name, offset: barcode.offset, "a bar code without field data is not drawn")
            }
            return
        }
        let data = field.hexIndicator.map { Self.unhex(raw, indicator: $0) } ?? raw
        if let barcode = field.barcode {
            emitBarcode(barcode, data: data)
        } else {
            emitText(data)
        }
    }

    var fieldOrigin: (x: Int, y: Int) {
        (field.x + settings.homeX - settings.labelShift, field.y + settings.homeY)
    }

    var fieldPaint: Paint { field.reverse || settings.reverseAll ? .reverse : .black }

    /// `^FH`: `_` and two hex digits stand for a byte (Zebra Programming Guide, ^FH).
    static func unhex(_ data: [UInt8], indicator: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var index = 0
        while index < data.count {
            if data[index] == indicator, index + 2 < data.count,
                let high = GraphicField.hexValue(data[index + 1]), let low = GraphicField.hexValue(data[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(data[index])
                index += 1
            }
        }
        return out
    }

    func characters(_ data: [UInt8]) -> [UInt32] {
        if settings.utf8 { return String(decoding: data, as: UTF8.self).unicodeScalars.map(\.value) }
        return data.map(UInt32.init)
    }

    mutating func emitText(_ data: [UInt8]) {
        let call = field.font ?? settings.defaultFont
        let font = call.spec(defaultHeight: settings.defaultFont.height, defaultWidth: settings.defaultFont.width)
        let rotation = call.rotation ?? settings.defaultRotation
        let scalars = characters(data).filter { $0 >= 0x20 || $0 == 0x0A }
        var run = TextRun(font: font, lines: [])
        var frameWidth = 0
        var frameHeight = font.height
        var overflow = 0
        var anchorBaseline = font.baseline
        if let block = field.block {
            let lineHeight = max(1, font.height + block.spacing)
            let wrapped = TextWrapper.wrap(scalars, width: block.width, font: font)
            for (number, line) in wrapped.prefix(block.lines).enumerated() {
                let measured = font.measure(line)
                var x = 0
                switch block.justification {
                case UInt8(ascii: "C"): x = (block.width - measured.width) / 2
                case UInt8(ascii: "R"): x = block.width - measured.width
                default: x = number > 0 ? block.indent : 0
                }
                run.lines.append(
                    TextRun.Line(
                        scalars: line, positions: measured.positions, x: x,
                        baseline: number * lineHeight + font.baseline))
            }
            frameWidth = max(1, block.width)
            frameHeight = block.lines * lineHeight - block.spacing
            overflow = max(0, wrapped.count - block.lines) * lineHeight
            // ^FT with ^FB: the origin is the baseline of the block's last line.
            anchorBaseline = (block.lines - 1) * lineHeight + font.baseline
        } else {
            let line = scalars.filter { $0 != 0x0A }
            let measured = font.measure(line)
            run.lines = [TextRun.Line(scalars: line, positions: measured.positions, x: 0, baseline: font.baseline)]
            frameWidth = max(1, measured.width)
        }
        let placement = place(width: frameWidth, height: frameHeight, rotation: rotation, anchor: (0, anchorBaseline))
        let command = field.font == nil ? "^FD" : "^A"
        paint(.text(run, placement, fieldPaint), covering: placement.box, command: command, offset: field.offset ?? 0)
        record(
            DrawnElement(
                kind: .text, command: command, fieldName: field.fieldName, box: placement.box, overflow: overflow,
                data: String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))),
                offset: field.offset ?? 0))
    }

    /// The frame placed by the field's origin: `^FO` puts its turned box's top left corner there, `^FT` the
    /// frame point `anchor`; with `^FO…,1` the box's right edge is at the origin.
    func place(width: Int, height: Int, rotation: Rotation, anchor: (u: Int, v: Int)) -> Placement {
        let origin = fieldOrigin
        var placement =
            field.typeset
            ? Placement(anchor: anchor, at: origin, width: width, height: height, rotation: rotation)
            : Placement(x: origin.x, y: origin.y, width: width, height: height, rotation: rotation)
        if field.rightJustified { placement.x -= placement.box.width }
        return placement
    }
}
