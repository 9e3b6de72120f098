/// Turns ZPL into labels of dots at a printer's resolution, as a Zebra printer would print them.
///
/// No input makes it crash or run without bound: an unknown command is skipped with a warning, and sizes,
/// repeats and counts are clamped to what a printer could hold (at most 500 labels a document, `^PQ` copies
/// included; each label may paint 16 times its own area; labels are at most 2400 × 4000 dots).
///
/// A field is named for pre-flight and previews by a `^FX` comment inside it that starts with `name:`:
/// `^FO60,900^FXname:gtin^BCN,260^FD…^FS` gives the element `fieldName` "gtin". Other `^FX` comments are ignored.
public struct ZPLRenderer: Sendable {
    public var options: PreviewOptions

    public init(options: PreviewOptions = PreviewOptions()) {
        self.options = options
    }

    /// Every label of `zpl`, with pixels.
    public func render(_ zpl: [UInt8]) -> PreviewDocument {
        run(zpl, drawing: true, only: nil).document
    }

    /// Label `number` (from 1, `^PQ` copies counted) of `zpl` with pixels, the others laid out without; nil when the
    /// stream has fewer labels.
    public func render(_ zpl: [UInt8], label number: Int) -> RenderedLabel? {
        let document = run(zpl, drawing: true, only: number).document
        return document.labels.first { $0.number == number }
    }

    /// Every label of `zpl` laid out without drawing pixels: the elements and their boxes, for pre-flight.
    public func layout(_ zpl: [UInt8]) -> PreviewDocument {
        run(zpl, drawing: false, only: nil).document
    }

    /// What a run did besides its result: the dots its drawing steps cover, for tests of the work bound.
    struct Statistics {
        var commands = 0
        var paintedDots = 0
        var labelArea = 0
    }

    func run(_ zpl: [UInt8], drawing: Bool, only: Int?) -> (document: PreviewDocument, statistics: Statistics) {
        var interpreter = ZPLInterpreter(zpl, options: options, drawing: drawing)
        interpreter.run()
        var statistics = Statistics(commands: interpreter.steps)
        var labels: [RenderedLabel] = []
        for laidOut in interpreter.labels {
            let first = labels.count + 1
            let wanted = only.map { (first..<(first + laidOut.copies)).contains($0) } ?? true
            var bitmap: LabelBitmap?
            if drawing, wanted {
                var canvas = Canvas(width: laidOut.width, height: laidOut.height)
                for op in laidOut.ops { canvas.draw(op) }
                bitmap = laidOut.inverted ? canvas.bitmap.turnedHalfWay() : canvas.bitmap
                statistics.paintedDots += laidOut.dotsUsed
                statistics.labelArea += laidOut.width * laidOut.height
            }
            let elements =
                laidOut.inverted
                ? laidOut.elements.map { $0.turnedHalfWay(laidOut.width, laidOut.height) } : laidOut.elements
            for copy in 0..<laidOut.copies {
                labels.append(
                    RenderedLabel(
                        number: first + copy, bitmap: bitmap, width: laidOut.width, height: laidOut.height,
                        elements: elements))
            }
        }
        return (PreviewDocument(labels: labels, warnings: interpreter.warnings), statistics)
    }
}
