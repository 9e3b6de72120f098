/// Bar code fields: the symbol encoded, its bars (and interpretation line) placed by `^FO`/`^FT` and turned.
///
/// Zebra facts (Zebra Programming Guide, ^BC ^BE ^BU ^B3 ^B2, ^BY; geometry measured from zplkit's printer
/// profile): with `^FO` the bars' (turned) top left corner is at the origin, with `^FT` their bottom left corner; the
/// interpretation line's capitals are 7 modules high, 6 dots below the bars, or above them with 14 dots between.
extension ZPLInterpreter {
    mutating func emitBarcode(_ call: BarcodeCall, data: [UInt8]) {
        let p = call.parameters
        let rotation = Rotation(letter: p.letter(0)) ?? settings.defaultRotation
        let module = settings.moduleWidth
        var height = settings.barHeight
        var printsLine = true
        var above = false
        let symbol: LinearSymbol
        switch call.name {
        case "BC":
            height = p.int(1, in: 1...32000) ?? height
            printsLine = p.flag(2, default: true)
            above = p.flag(3, default: false)
            let mode: Code128Encoder.Mode =
                switch p.letter(5) {
                case UInt8(ascii: "U"): .ucc
                case UInt8(ascii: "A"): .automatic
                case UInt8(ascii: "D"): .gs1
                default: .normal
                }
            symbol = Code128Encoder.encode(data, mode: mode).symbol(module: module)
        case "BE", "BU":
            height = p.int(1, in: 1...32000) ?? height
            printsLine = p.flag(2, default: true)
            above = p.flag(3, default: false)
            symbol =
                call.name == "BE"
                ? RetailEncoder.ean13(data, module: module)
                : RetailEncoder.upcA(data, module: module, printsCheckDigit: p.flag(4, default: true))
        case "B3":
            height = p.int(2, in: 1...32000) ?? height
            printsLine = p.flag(3, default: true)
            above = p.flag(4, default: false)
            symbol = Code39Encoder.encode(
                data, module: module, ratio: settings.ratio, checkDigit: p.flag(1, default: false))
        case "B2":
            height = p.int(1, in: 1...32000) ?? height
            printsLine = p.flag(2, default: true)
            above = p.flag(3, default: false)
            symbol = Interleaved2of5Encoder.encode(
                data, module: module, ratio: settings.ratio, checkDigit: p.flag(4, default: false))
        default:
            emitMatrixSymbol(call, data: data, rotation: rotation)
            return
        }
        emitLinear(symbol, call: call, rotation: rotation, height: height, printsLine: printsLine, above: above)
    }

    private mutating func emitLinear(
        _ symbol: LinearSymbol, call: BarcodeCall, rotation: Rotation, height: Int, printsLine: Bool, above: Bool
    ) {
        let module = settings.moduleWidth
        let font = FontSpec.interpretation(module: module)
        let capital = font.baseline
        let textTop = above ? 0 : height + 6
        let barsTop = printsLine && above ? capital + 14 : 0
        let guardExtra = symbol.guardBars.isEmpty || !printsLine ? 0 : capital * 13 / 14
        let frameHeight = printsLine ? (above ? barsTop + height : height + 6 + font.height) : height + guardExtra
        let width = symbol.width
        let anchor = (u: 0, v: barsTop + height - 1)
        var placement = place(width: width, height: frameHeight, rotation: rotation, anchor: anchor)
        if !field.typeset {
            // ^FO places the bars' turned box; the interpretation line goes beside them, even past the origin.
            let bars = placement.map(DotRect(x: 0, y: barsTop, width: width, height: height))
            placement.x += placement.box.x - bars.x
            placement.y += placement.box.y - bars.y
        }
        let command = "^" + call.name
        let offset = field.offset ?? call.offset
        var u = 0
        for (index, element) in symbol.widths.enumerated() {
            if index % 2 == 0, element > 0 {
                let extra = symbol.guardBars.contains(index) ? guardExtra : 0
                let bar = DotRect(x: u, y: barsTop, width: element, height: height + extra)
                paint(
                    .rect(placement.map(bar), fieldPaint), covering: placement.map(bar), command: command,
                    offset: offset)
            }
            u += element
        }
        if printsLine {
            let scalars = characters(Array(symbol.interpretation.utf8))
            let measured = font.measure(scalars)
            let line = TextRun.Line(
                scalars: scalars, positions: measured.positions, x: (width - measured.width) / 2,
                baseline: textTop + font.baseline)
            let run = TextRun(font: font, lines: [line])
            paint(.text(run, placement, fieldPaint), covering: placement.box, command: command, offset: offset)
        }
        let quiet = placement.map(
            DotRect(
                x: -symbol.quietLeft, y: barsTop, width: width + symbol.quietLeft + symbol.quietRight, height: height))
        record(
            DrawnElement(
                kind: .barcode, command: command, fieldName: field.fieldName, box: placement.box, quietZone: quiet,
                data: symbol.data, offset: offset))
    }

    private mutating func emitMatrixSymbol(_ call: BarcodeCall, data: [UInt8], rotation: Rotation) {
        let p = call.parameters
        let command = "^" + call.name
        let offset = field.offset ?? call.offset
        var modules: MonoImage?
        var scale: Int
        var quiet: Int
        var scanned: String
        if call.name == "BQ" {
            let defaultScale = options.dpi >= 600 ? 6 : options.dpi >= 300 ? 3 : options.dpi >= 200 ? 2 : 1
            scale = p.int(2, in: 1...10) ?? defaultScale
            let parsed = QRCodeEncoder.parse(data)
            modules = QRCodeEncoder.encode(parsed)
            quiet = 4
            scanned = String(decoding: parsed.data, as: UTF8.self)
        } else {
            scale = p.int(1, in: 1...100) ?? settings.moduleWidth
            if let quality = p.int(2, in: 0...200), quality != 200 {
                warn(command, offset: call.offset, "Data Matrix ECC \(quality) is drawn as ECC 200")
            }
            let escape = p[6]?.first ?? UInt8(ascii: "~")
            let unescaped = DataMatrixEncoder.unescape(data, escape: escape)
            modules = DataMatrixEncoder.encode(
                unescaped.data, fnc1: unescaped.fnc1, columns: p.int(3, in: 0...144), rows: p.int(4, in: 0...144),
                rectangular: p.int(7, in: 1...2) == 2)
            quiet = 1
            scanned = unescaped.scanned
        }
        guard let modules else {
            warn(command, offset: call.offset, "the field data does not fit the symbol; nothing is drawn")
            return
        }
        let size = (width: modules.width * scale, height: modules.height * scale)
        // ^FT: a Data Matrix's bottom edge is at the origin; a QR code's lowest module row is 3 modules above it.
        // ^FO: a QR code starts the ^BY bar height less one dot below the origin (both as zplkit's printer profile
        // draws them; not in the Programming Guide).
        let isQR = call.name == "BQ"
        var placement = place(
            width: size.width, height: size.height, rotation: rotation,
            anchor: (0, isQR ? size.height - 1 + 3 * scale : size.height))
        if isQR, !field.typeset { placement.y += settings.barHeight - 1 }
        paint(
            .image(modules, placement, scale: scale, fieldPaint), covering: placement.box, command: command,
            offset: offset)
        let zone = quiet * scale
        record(
            DrawnElement(
                kind: .barcode, command: command, fieldName: field.fieldName, box: placement.box,
                quietZone: DotRect(
                    x: placement.box.x - zone, y: placement.box.y - zone, width: placement.box.width + 2 * zone,
                    height: placement.box.height + 2 * zone), data: scanned, offset: offset))
    }
}
