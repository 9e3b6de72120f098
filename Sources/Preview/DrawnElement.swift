/// One field as the renderer laid it out: what drew it, where, and what it says.
public struct DrawnElement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case text, barcode, graphic, image
    }

    public var kind: Kind
    /// The command that drew it, as written: `^A`, `^BC`, `^GB`, `^GF`.
    public var command: String
    /// The template field it came from, when the ZPL names it: a `^FX` comment inside the field (between its
    /// `^FO`/`^FT` and `^FS`) that starts with `name:`, e.g. `^FO60,900^FXname:gtin^BCN,260^FD…^FS` → "gtin"
    /// (spaces in the name are dropped); nil otherwise. Other `^FX` comments are ignored.
    public var fieldName: String?
    /// The dots it covers, after rotation.
    public var box: DotRect
    /// A bar code's box with the quiet zone its symbology needs on each side; nil for other kinds.
    public var quietZone: DotRect?
    /// Dots of text that did not fit its `^FB` block (lines past the block's line count, in dots); 0 if it fit.
    public var overflow: Int
    /// The field data after `^FH` and `^FN` processing, as drawn (text) or encoded (bar codes).
    public var data: String?
    /// Byte offset of the field's first command in the ZPL.
    public var offset: Int

    public init(
        kind: Kind, command: String, fieldName: String? = nil, box: DotRect, quietZone: DotRect? = nil,
        overflow: Int = 0, data: String? = nil, offset: Int
    ) {
        self.kind = kind
        self.command = command
        self.fieldName = fieldName
        self.box = box
        self.quietZone = quietZone
        self.overflow = overflow
        self.data = data
        self.offset = offset
    }
}
