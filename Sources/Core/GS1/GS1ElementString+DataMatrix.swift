/// GS1 DataMatrix in ZPL: `^BX` with quality 200 (ECC 200, the only one GS1 allows) and `_` declared as the escape
/// character in the command, so the symbol does not depend on the firmware's default.
///
/// With `_` as escape, `_1` is FNC1: in first position it marks the symbol as GS1 DataMatrix (read as `]d2`), later it
/// is the separator after a variable-length value. A literal `_` (GS1 character set 82 has it) is written `__`. The
/// field has no `^FH`: `^FH` runs before the Data Matrix escape processing, so a hex-escaped `_5F` would become `_` and
/// then start an escape. Nothing else needs escaping: the AIs hold digits and character set 82, which has neither `^`,
/// `~` nor control bytes. Sources: Zebra Programming Guide, ^BX; Zebra support article "Creating GS1 Barcodes with
/// Zebra Printers for Data Matrix and Code 128 using ZPL".
extension GS1ElementString {
    /// The `^FD` content for `^BXo,h,200,,,,_`: `_1`, then the element string with `_1` separators and `__` for `_`.
    public var dataMatrixFieldData: String {
        "_1"
            + data(separator: "\u{1D}").replacingOccurrences(of: "_", with: "__")
            .replacingOccurrences(of: "\u{1D}", with: "_1")
    }

    /// A complete Data Matrix field without position: `^BXN,module,200,,,,_^FD…^FS`. `module` is the module size in
    /// dots (1–40).
    public func zplDataMatrix(module: Int) -> String {
        "^BXN,\(module),200,,,,_^FD\(dataMatrixFieldData)^FS"
    }
}
