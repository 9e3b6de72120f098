/// Graphic fields: `^GB` boxes and lines, `^GC` circles, `^GE` ellipses, `^GD` diagonals, `^GF` images.
///
/// Zebra facts (Zebra Programming Guide, ^GB ^GC ^GE ^GD ^GF): `^GBw,h,t,c,r` draws a box `w` × `h` with a
/// border of `t` dots (default 1; a width or height below `t` becomes `t`), colour `B` or `W`, corner rounding
/// 0–8; `^GCd,t,c` a circle of diameter `d`; `^GEw,h,t,c` an ellipse; `^GDw,h,t,c,o` a diagonal, `o` = `R`
/// (leaning right, `/`) or `L` (`\`). Shapes sit with their top left corner at the field origin.
extension ZPLInterpreter {
    mutating func drawShape(_ name: String, _ p: ZPLParameters, offset: Int) {
        let thickness = p.int(name == "GC" ? 1 : 2, in: 1...32000) ?? 1
        var width: Int
        var height: Int
        let colour: UInt8?
        switch name {
        case "GC":
            width = p.int(0, in: 3...4095) ?? 3
            height = width
            colour = p.letter(2)
        default:
            width = max(p.int(0, in: 1...32000) ?? thickness, thickness)
            height = max(p.int(1, in: 1...32000) ?? thickness, thickness)
            colour = p.letter(3)
        }
        if name == "GE" {
            width = min(width, 4095)
            height = min(height, 4095)
        }
        let origin = fieldOrigin
        var rect = DotRect(x: origin.x, y: origin.y, width: width, height: height)
        if field.typeset { rect.y -= height }
        let paintMode = Paint(whiteWhen: colour, reversed: field.reverse || settings.reverseAll)
        let op: DrawOp
        let command = "^" + name
        switch name {
        case "GB": op = .box(rect, thickness: thickness, rounding: p.int(4, in: 0...8) ?? 0, paintMode)
        case "GD": op = .diagonal(rect, thickness: thickness, leansRight: p.letter(4) != UInt8(ascii: "L"), paintMode)
        default: op = .ellipse(rect, thickness: thickness, paintMode)
        }
        paint(op, covering: rect, command: command, offset: offset)
        record(DrawnElement(kind: .graphic, command: command, fieldName: field.fieldName, box: rect, offset: offset))
    }

    mutating func drawGraphicField(_ command: ZPLReader.Command, _ p: ZPLParameters) {
        let format = p.letter(0) ?? UInt8(ascii: "A")
        let offset = field.offset ?? command.offset
        var data = command.parameters
        // The data starts after the fourth delimiter.
        var commas = 0
        var start = data.startIndex
        for index in data.indices where data[index] == reader.delimiter {
            commas += 1
            if commas == 4 {
                start = index + 1
                break
            }
        }
        data = commas >= 4 ? data[start...] : data[data.endIndex...]
        if format == UInt8(ascii: "B") || format == UInt8(ascii: "C"), commas >= 4 {
            let count = min(p.int(1, in: 0...GraphicField.maximumBytes) ?? 0, GraphicField.maximumBytes)
            if !data.starts(with: Array(":Z64:".utf8)), !data.starts(with: Array(":B64:".utf8)) {
                data = reader.takeBinary(from: start, count: count)
            }
        }
        let totalBytes = p.int(2, in: 0...GraphicField.maximumBytes) ?? 0
        let rowBytes = p.int(3, in: 1...9999) ?? 1
        // Rows below the label never show: decode at most the label's height of them.
        let visibleRows = max(1, labelSize.height - max(0, fieldOrigin.y))
        let decoded = GraphicField.decode(
            format: format, totalBytes: min(totalBytes, visibleRows * rowBytes), rowBytes: rowBytes, data: data)
        let declaredHeight = totalBytes / rowBytes
        switch decoded {
        case .failure(let problem):
            let reason =
                switch problem {
                case .badCRC: "the graphic's CRC does not match its data"
                case .badBase64: "the graphic's base64 data is not valid"
                case .badDeflate: "the graphic's compressed data does not inflate"
                case .unsupportedFormat: "compressed binary ^GF (format C) is not supported"
                case .empty: "the graphic is empty"
                }
            warn("^GF", offset: command.offset, reason + "; it is not drawn")
        case .success(let image):
            let origin = fieldOrigin
            var placement = Placement(
                x: origin.x, y: origin.y, width: image.width, height: image.height, rotation: .normal)
            if field.typeset { placement.y -= image.height }
            paint(
                .image(image, placement, scale: 1, field.reverse || settings.reverseAll ? .reverse : .black),
                covering: placement.box, command: "^GF", offset: offset)
            var box = placement.box
            box.height = max(box.height, declaredHeight)
            record(DrawnElement(kind: .image, command: "^GF", fieldName: field.fieldName, box: box, offset: offset))
        }
    }
}
