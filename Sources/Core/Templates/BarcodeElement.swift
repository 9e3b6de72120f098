import Foundation

/// One application identifier of a template's barcode and the field that fills it.
public struct BarcodeElement: Sendable, Hashable {
    public var ai: String
    public var field: String
}
