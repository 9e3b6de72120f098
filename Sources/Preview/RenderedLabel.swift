/// One `^XA…^XZ` label: its pixels and the fields laid out on it.
public struct RenderedLabel: Sendable, Hashable {
    /// From 1, in the order of the stream.
    public var number: Int
    /// Nil when the document was laid out without pixels (`ZPLRenderer.layout`).
    public var bitmap: LabelBitmap?
    /// The label's size in dots (from the options, else `^PW` and `^LL`, else 4 × 6 inches).
    public var width: Int
    public var height: Int
    public var elements: [DrawnElement]

    public init(number: Int, bitmap: LabelBitmap?, width: Int, height: Int, elements: [DrawnElement]) {
        self.number = number
        self.bitmap = bitmap
        self.width = width
        self.height = height
        self.elements = elements
    }
}
