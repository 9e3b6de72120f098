/// A 2D symbol of a template: GS1 DataMatrix, GS1 QR Code, or a QR code holding a GS1 Digital Link URI, with the AIs
/// and the fields that fill them.
///
/// Declared `%% datamatrix [NAME] (01){gtin}(10){lot}`, `%% qrcode [NAME] (01){gtin}(10){lot}` or
/// `%% qrcode [NAME] link domain=id.example.com (01){gtin}(10){lot}`, and placed with `{{datamatrix}}`,
/// `{{datamatrix_NAME:MODULE}}`, `{{qrcode}}`, `{{qrcode_NAME:MAGNIFICATION}}`; `{{…_text}}` is the human-readable
/// `(01)…(10)…` line.
public struct MatrixSymbol: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case dataMatrix
        case qrCode
        case digitalLink(GS1DigitalLink)
    }

    public var kind: Kind
    public var elements: [BarcodeElement]

    public init(kind: Kind, elements: [BarcodeElement]) {
        self.kind = kind
        self.elements = elements
    }

    /// The placeholder word of its kind: `datamatrix` or `qrcode`.
    var keyword: String {
        if case .dataMatrix = kind { return "datamatrix" }
        return "qrcode"
    }

    /// Module size (Data Matrix) or magnification (QR) in dots when the placeholder gives none: 6 dots, 0.5 mm at
    /// 300 dpi, inside GS1's range for 2D symbols scanned at retail points of sale.
    static let defaultModule = 6
    static let modules = 1...20

    /// The complete field for `string`, without position.
    func zpl(_ string: GS1ElementString, module: Int) throws(GS1Error) -> String {
        switch kind {
        case .dataMatrix: string.zplDataMatrix(module: module)
        case .qrCode: string.zplQRCode(magnification: module)
        case .digitalLink(let link): "^BQN,2,\(module)^FDQA,\(try link.uri(for: string))^FS"
        }
    }
}
