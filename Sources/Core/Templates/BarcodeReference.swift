import Foundation

/// A barcode placeholder: `barcode`, `barcode_text`, `barcode_NAME`, `barcode_NAME_text`.
struct BarcodeReference {
    let name: String
    let isText: Bool

    init?(placeholder: String) {
        guard placeholder == "barcode" || placeholder.hasPrefix("barcode_") else { return nil }
        var rest = placeholder.dropFirst("barcode".count)
        isText = rest.hasSuffix("_text")
        if isText { rest = rest.dropLast("_text".count) }
        name = rest.hasPrefix("_") ? String(rest.dropFirst()) : String(rest)
    }
}
