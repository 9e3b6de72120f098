import Foundation

/// A piece of a template's ZPL body.
public enum TemplateSegment: Sendable, Hashable {
    case literal(String)
    case field(name: String, format: String?)
    /// The GS1-128 symbol with its `^BY` module width and bar height, in dots.
    case barcode(name: String, moduleWidth: Int, height: Int)
    case barcodeText(name: String)
    /// A 2D symbol by its key in ``LabelTemplate/matrixSymbols``, with its module size (QR: magnification) in dots.
    case matrixSymbol(key: String, module: Int)
    case matrixSymbolText(key: String)
}
