/// A 2D symbol placeholder: `datamatrix`, `datamatrix_NAME`, `qrcode_NAME_text`, …; `key` is the symbol's name in
/// ``LabelTemplate/matrixSymbols`` (`datamatrix`, `datamatrix_NAME`, `qrcode`, `qrcode_NAME`).
struct MatrixSymbolReference {
    let key: String
    let isText: Bool

    static let keywords = ["datamatrix", "qrcode"]

    init?(placeholder: String) {
        guard
            Self.keywords.contains(where: { placeholder == $0 || placeholder.hasPrefix($0 + "_") })
        else { return nil }
        isText = placeholder.hasSuffix("_text")
        key = isText ? String(placeholder.dropLast("_text".count)) : placeholder
    }
}
