/// What a ZPL stream sets and later formats keep until they change it: the label home and size, the defaults of
/// `^BY`, `^CF` and `^FW`, the encoding of `^CI` (Zebra Programming Guide: these hold until changed or the printer
/// is switched off).
struct StreamSettings {
    var homeX = 0
    var homeY = 0
    var printWidth: Int?
    var labelLength: Int?
    var labelShift = 0
    var reverseAll = false
    var printInverted = false
    var defaultRotation = Rotation.normal
    /// `^CF`: without it a field without `^A` prints in font 0 at 18 dots, and a font called without a size is
    /// 18 dots high, as zplkit's printer profile (a ZD621) renders them; the Programming Guide's `^CF` defaults
    /// are font A at 9 × 5 dots.
    var defaultFont = FontCall(letter: UInt8(ascii: "0"), rotation: nil, height: 18, width: nil)
    /// `^BY`: module width 1–10 dots (default 2), wide-to-narrow ratio 2.0–3.0 (default 3.0), bar height
    /// (default 10 dots).
    var moduleWidth = 2
    var ratio = 3.0
    var barHeight = 10
    /// `^CI28`: field data is UTF-8; otherwise each byte is one character.
    var utf8 = false
}

/// A font as `^A` or `^CF` names it.
struct FontCall {
    var letter: UInt8
    var rotation: Rotation?
    var height: Int?
    var width: Int?

    /// The font to lay out with: font 0 (and any font the printer would have to download) scaled, A–H by cell.
    func spec(defaultHeight: Int?, defaultWidth: Int?) -> FontSpec {
        let h = height ?? (width == nil ? defaultHeight : nil)
        let w = width ?? (height == nil ? defaultWidth : nil)
        if let bitmap = FontSpec.bitmap(letter, height: h, width: w) { return bitmap }
        return FontSpec.scalable(height: h, width: w)
    }
}

/// The field being built between `^FO`/`^FT` and `^FS`.
struct PendingField {
    var x = 0
    var y = 0
    var typeset = false
    var rightJustified = false
    var font: FontCall?
    var barcode: BarcodeCall?
    var block: TextBlock?
    var hexIndicator: UInt8?
    var reverse = false
    var fieldName: String?
    var data: [UInt8]?
    var offset: Int?
}

/// A bar code command waiting for its field data.
struct BarcodeCall {
    var name: String
    var parameters: ZPLParameters
    var offset: Int
}

/// `^FB`: width in dots, maximum lines (1–9999, default 1), extra dots between lines, justification, hanging
/// indent (Zebra Programming Guide, ^FB: text wraps at spaces, `\&` forces a new line; lines past the maximum
/// print over the last line).
struct TextBlock {
    var width: Int
    var lines: Int
    var spacing: Int
    var justification: UInt8
    var indent: Int
}
