/// Reads a ZPL stream once and lays out its labels: for each `^XA…^XZ`, the drawing steps and the drawn fields.
///
/// Work is bounded: the stream is read once, every size and count is clamped, and each label has a budget of
/// dots it may paint (`dotBudgetPerLabel` times its area); steps past it are skipped with a warning.
struct ZPLInterpreter {
    struct Label {
        var ops: [DrawOp] = []
        var elements: [DrawnElement] = []
        var width = 0
        var height = 0
        var copies = 1
        var inverted = false
        var dotsUsed = 0
    }

    static let maximumLabels = 500
    static let maximumElements = 4000
    static let maximumFieldBytes = 3072
    /// A label may paint its own area this many times over.
    static let dotBudgetPerLabel = 16

    let options: PreviewOptions
    let drawing: Bool
    var reader: ZPLReader
    var settings = StreamSettings()
    var field = PendingField()
    var label: Label?
    var labels: [Label] = []
    var warnings: [PreviewWarning] = []
    var steps = 0

    init(_ zpl: [UInt8], options: PreviewOptions, drawing: Bool) {
        self.options = options
        self.drawing = drawing
        reader = ZPLReader(zpl)
    }

    var labelCount: Int { labels.reduce(0) { $0 + $1.copies } }

    mutating func run() {
        while let command = reader.next() {
            steps += 1
            handle(command)
        }
        if label != nil {
            warn("", offset: reader.bytes.count, "the stream ends inside a format (no ^XZ); the label is shown as read")
            endFormat()
        }
    }

    mutating func warn(_ command: String, offset: Int, _ message: String) {
        guard warnings.count < 1000 else { return }
        warnings.append(PreviewWarning(label: labelCount + 1, command: command, offset: offset, message: message))
    }

    private mutating func handle(_ command: ZPLReader.Command) {
        let p = ZPLParameters(command.parameters, delimiter: reader.delimiter)
        let written = (command.isControl ? "~" : "^") + command.name
        if command.isControl {
            switch command.name {
            case "CC": reader.formatPrefix = command.parameters.first ?? reader.formatPrefix
            case "CT": reader.controlPrefix = command.parameters.first ?? reader.controlPrefix
            case "CD": reader.delimiter = command.parameters.first ?? reader.delimiter
            default: break  // Control commands act on the printer, not on the label.
            }
            return
        }
        switch command.name {
        case "XA":
            if label != nil { endFormat() }
            label = Label()
            field = PendingField()
        case "XZ":
            if label == nil {
                warn(written, offset: command.offset, "^XZ without ^XA")
            } else {
                endFormat()
            }
        case "CC": reader.formatPrefix = command.parameters.first ?? reader.formatPrefix
        case "CT": reader.controlPrefix = command.parameters.first ?? reader.controlPrefix
        case "CD": reader.delimiter = command.parameters.first ?? reader.delimiter
        case "CI": settings.utf8 = p.int(0, in: 0...36) == 28
        case "CF":
            settings.defaultFont = FontCall(
                letter: p.letter(0) ?? settings.defaultFont.letter, rotation: nil,
                height: p.int(1, in: 1...32000) ?? settings.defaultFont.height,
                width: p.int(2, in: 1...32000) ?? settings.defaultFont.width)
        case "FW": settings.defaultRotation = Rotation(letter: p.letter(0)) ?? settings.defaultRotation
        case "BY":
            settings.moduleWidth = p.int(0, in: 1...10) ?? settings.moduleWidth
            settings.ratio = p.double(1, in: 2.0...3.0) ?? settings.ratio
            settings.barHeight = p.int(2, in: 1...32000) ?? settings.barHeight
        case "LH":
            settings.homeX = p.int(0, in: 0...32000) ?? settings.homeX
            settings.homeY = p.int(1, in: 0...32000) ?? settings.homeY
        case "PW": settings.printWidth = p.int(0, in: 2...32000) ?? settings.printWidth
        case "LL": settings.labelLength = p.int(0, in: 1...32000) ?? settings.labelLength
        case "LS": settings.labelShift = p.int(0, in: -9999...9999) ?? settings.labelShift
        case "LR": settings.reverseAll = p.flag(0, default: settings.reverseAll)
        case "PO": settings.printInverted = p.letter(0) == UInt8(ascii: "I")
        case "PQ": label?.copies = p.int(0, in: 1...99_999_999) ?? 1
        default: handleField(command, p, written)
        }
    }

    private mutating func handleField(_ command: ZPLReader.Command, _ p: ZPLParameters, _ written: String) {
        switch command.name {
        case "FO", "FT":
            if field.data != nil { emitField(closedBy: command.offset) }
            field.x = p.int(0, in: 0...32000) ?? 0
            field.y = p.int(1, in: 0...32000) ?? 0
            field.rightJustified = p.int(2, in: 0...2) == 1
            field.typeset = command.name == "FT"
            field.offset = field.offset ?? command.offset
        case "A", "A@":
            var parameters = command.parameters
            var letter = UInt8(ascii: "0")
            if command.name == "A", let first = parameters.first {
                letter = ZPLReader.upper(first)
                parameters = parameters.dropFirst()
            }
            let q = ZPLParameters(parameters, delimiter: reader.delimiter)
            field.font = FontCall(
                letter: letter, rotation: Rotation(letter: q.letter(0)), height: q.int(1, in: 1...32000),
                width: q.int(2, in: 1...32000))
            field.offset = field.offset ?? command.offset
        case "FD", "FV":
            var data = Array(command.parameters)
            if data.count > Self.maximumFieldBytes {
                warn(written, offset: command.offset, "field data longer than 3072 bytes is cut")
                data = Array(data.prefix(Self.maximumFieldBytes))
            }
            field.data = data
            field.offset = field.offset ?? command.offset
        case "FH": field.hexIndicator = command.parameters.first.map { $0 == reader.delimiter ? 0x5F : $0 } ?? 0x5F
        case "FR": field.reverse = true
        case "FB":
            field.block = TextBlock(
                width: p.int(0, in: 0...32000) ?? 0, lines: p.int(1, in: 1...9999) ?? 1,
                spacing: p.int(2, in: -9999...9999) ?? 0, justification: p.letter(3) ?? UInt8(ascii: "L"),
                indent: p.int(4, in: 0...9999) ?? 0)
        case "FX":
            let text = String(decoding: ZPLParameters.trimmed(command.parameters), as: UTF8.self)
            if text.hasPrefix("name:") {
                let name = String(text.dropFirst(5).filter { !$0.isWhitespace })
                if !name.isEmpty { field.fieldName = name }
            }
        case "FS": emitField(closedBy: command.offset)
        case "BC", "BE", "BU", "B3", "B2", "BQ", "BX":
            field.barcode = BarcodeCall(name: command.name, parameters: p, offset: command.offset)
            field.offset = field.offset ?? command.offset
        case "GB", "GC", "GE", "GD":
            drawShape(command.name, p, offset: field.offset ?? command.offset)
        case "GF": drawGraphicField(command, p)
        case "FN", "FP", "FE", "FM", "FL", "SN", "SF", "MM", "MN", "MT", "MD", "MF", "MP", "MU", "MW", "PR", "PM",
            "PF", "PP", "PH", "JU", "JZ", "JM", "JB", "JJ", "JS", "JT", "JW", "KD", "KL", "KN", "KP", "LT", "SZ",
            "SS", "SC", "ST", "SX", "SE", "CM", "CO", "CV", "CW", "DF", "IS", "ID", "HH",
            "HF", "HG", "HT", "HW", "HY", "HZ", "ML", "MI", "NC", "NI", "NN", "NP", "NS", "NT", "PA", "WD", "TO", "TB":
            break
        case "XG", "IM", "XF", "IL":
            warn(
                written, offset: command.offset,
                "\(written) recalls a stored graphic or format, which a preview does not have")
        default:
            warn(written, offset: command.offset, "unknown command \(written) skipped")
        }
    }

    /// The label's size in dots: the options', else `^PW` and `^LL`, else 4 × 6 inches; at most
    /// `maximumWidth` × `maximumHeight` (8 × 13 inches at 300 dpi), so that no stream can ask for a huge bitmap.
    var labelSize: (width: Int, height: Int) {
        (
            max(1, min(options.width ?? settings.printWidth ?? 4 * options.dpi, Self.maximumWidth)),
            max(1, min(options.height ?? settings.labelLength ?? 6 * options.dpi, Self.maximumHeight))
        )
    }

    static let maximumWidth = 2400
    static let maximumHeight = 4000

    mutating func endFormat() {
        if field.data != nil || field.barcode != nil { emitField(closedBy: reader.index) }
        guard var finished = label else { return }
        label = nil
        field = PendingField()
        finished.width = labelSize.width
        finished.height = labelSize.height
        finished.inverted = settings.printInverted
        let room = Self.maximumLabels - labelCount
        guard room > 0 else {
            warn("^XZ", offset: reader.index, "more than \(Self.maximumLabels) labels: the rest are not rendered")
            return
        }
        if finished.copies > room {
            warn("^PQ", offset: reader.index, "^PQ asks for \(finished.copies) copies; \(room) are rendered")
            finished.copies = room
        }
        labels.append(finished)
    }

    /// Adds a drawing step, charging its dots to the label's budget.
    mutating func paint(_ op: DrawOp, covering box: DotRect, command: String, offset: Int) {
        guard drawing, label != nil else { return }
        let (width, height) = labelSize
        let clippedWidth = max(0, min(box.maxX, width) - max(box.x, 0))
        let clippedHeight = max(0, min(box.maxY, height) - max(box.y, 0))
        guard clippedWidth > 0, clippedHeight > 0 else { return }
        let cost = clippedWidth * clippedHeight
        guard label!.dotsUsed + cost <= Self.dotBudgetPerLabel * max(1, width * height) else {
            warn(command, offset: offset, "the label paints more than its dot budget; this field is not drawn")
            return
        }
        label!.dotsUsed += cost
        label!.ops.append(op)
    }

    mutating func record(_ element: DrawnElement) {
        guard label != nil else {
            warn(element.command, offset: element.offset, "a field outside ^XA…^XZ is not drawn")
            return
        }
        guard label!.elements.count < Self.maximumElements else { return }
        label!.elements.append(element)
    }
}
