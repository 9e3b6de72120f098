import Foundation

/// One rendered label ready for the printer: one `^XA…^XZ` format.
public struct LabelDocument: Sendable, Hashable {
    /// The label's number in its job, 1…N.
    public var number: Int
    public var zpl: [UInt8]

    public init(number: Int, zpl: [UInt8]) {
        self.number = number
        self.zpl = zpl
    }
}
