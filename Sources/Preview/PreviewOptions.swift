/// What a render needs besides the ZPL: the printer's resolution and, when the caller knows it, the label's size.
public struct PreviewOptions: Sendable, Hashable {
    /// Dots per inch: 152, 203, 300 or 600 (a Z230 at 300 dpi has 12 dots per mm).
    public var dpi: Int
    /// Label width in dots; nil takes the label's `^PW`, else 4 inches.
    public var width: Int?
    /// Label height in dots; nil takes the label's `^LL`, else 6 inches.
    public var height: Int?

    public init(dpi: Int = 300, width: Int? = nil, height: Int? = nil) {
        self.dpi = dpi
        self.width = width
        self.height = height
    }
}
