import Foundation

/// A label template: ZPL with a small typed header, loaded from a file.
///
/// ```
/// %% description 4×6 in product label
/// %% dpi 300
/// %% size 4x6in
/// %% field product_name string required max_length=40
/// %% field net_weight_kg weight required decimals=3 min=0.001 max=999.999
/// %% barcode (01){gtin}(3103){net_weight_kg}(10){lot}
/// ^XA
/// ^FO60,60^A0N,60,60{{product_name}}
/// ^FO60,900{{barcode}}
/// ^FO60,1180^A0N,36,36{{barcode_text}}
/// ^XZ
/// ```
/// `{{name}}` is a complete field data (`^FH^FD…^FS`) holding the value, escaped so that it can never become a
/// printer command; `{{name:dd.MM.yyyy}}` formats a date. `{{barcode}}` is the GS1-128 symbol (`{{barcode:2,200}}`
/// sets the module width and bar height in dots; 2 and 200 by default) and `{{barcode_text}}` its human-readable
/// line, `(01)…(10)…`. A second symbol is declared `%% barcode NAME (17){…}…` and placed with `{{barcode_NAME}}`
/// and `{{barcode_NAME_text}}`.
public struct LabelTemplate: Sendable, Hashable {
    public var name: String
    public var description: String
    public var dpi: Int
    /// Label width and height in dots at ``dpi``.
    public var widthDots: Int
    public var heightDots: Int
    /// The size as written in the header, for people (`4x6in`).
    public var size: String
    public var fields: [TemplateField]
    /// The GS1 element strings of the barcodes, by name ("" for the unnamed one): application identifiers and the
    /// fields that fill them. A GS1-128 symbol carries at most 48 data characters, so a long element string is
    /// split over two symbols, as on GS1 logistic labels.
    public var barcodes: [String: [BarcodeElement]]
    /// The 2D symbols (GS1 DataMatrix, GS1 QR, Digital Link QR) by placeholder name: `datamatrix`, `qrcode_NAME`.
    public var matrixSymbols: [String: MatrixSymbol] = [:]
    public var body: [TemplateSegment]
    /// `%% expires_after 12h`: a job from this template not completed this long after its submission expires,
    /// unless it gives its own `expires_at`.
    public var expiresAfter: Duration? = nil

    public func field(named name: String) -> TemplateField? { fields.first { $0.name == name } }

    /// Why this template cannot print on a printer of `model`, or nil when it fits.
    public func misfit(for model: PrinterModel) -> String? {
        if dpi != model.dpi {
            return "template '\(name)' is made for \(dpi) dpi; printer model \(model.name) prints at \(model.dpi) dpi"
        }
        if widthDots > model.maxPrintWidthDots {
            return
                "template '\(name)' is \(widthDots) dots wide; printer model \(model.name) prints at most \(model.maxPrintWidthDots)"
        }
        return nil
    }
}
