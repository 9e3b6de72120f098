import Core
import Preview

/// One label of a ZPL stream drawn: the layout of the whole stream (label count, warnings) and the pixels of the one
/// label asked for.
public enum LabelPicture {
    /// Drawing every label before the one asked for keeps the settings earlier formats leave (`^CI`, `^LH`, `^PW`);
    /// past this many, the one label is drawn from its own format alone, so a long stream cannot fill memory.
    static let drawnBefore = 8

    /// The label is nil when the stream has fewer than `number` labels; the document then says how many it has.
    public static func draw(
        _ zpl: [UInt8], number: Int, options: PreviewOptions
    ) -> (document: PreviewDocument, label: RenderedLabel?) {
        let renderer = ZPLRenderer(options: options)
        let document = renderer.layout(zpl)
        guard number >= 1, number <= document.labels.count else { return (document, nil) }
        let commands = ZPLScanner.scan(zpl, alternatePrefixes: false).commands.filter { $0.prefix == .format }
        let ends = commands.filter { $0.name == "XZ" }.map { $0.offset + 3 }
        guard number <= ends.count else { return (document, pick(renderer.render(zpl), number)) }
        let end = min(ends[number - 1], zpl.count)
        if number <= drawnBefore { return (document, pick(renderer.render(Array(zpl[..<end])), number)) }
        let start = commands.last { $0.name == "XA" && $0.offset < end }?.offset ?? 0
        var label = pick(renderer.render(Array(zpl[start..<end])), 1)
        label?.number = number
        return (document, label)
    }

    private static func pick(_ drawn: PreviewDocument, _ number: Int) -> RenderedLabel? {
        number <= drawn.labels.count ? drawn.labels[number - 1] : nil
    }
}
