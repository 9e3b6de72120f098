import Foundation

/// One label to queue: its ZPL and, for template labels, its lot and data (kept to render it again).
public struct NewLabel: Sendable, Hashable {
    public var zpl: String
    public var lot: String?
    public var data: [String: JSONValue]?
    /// For a reprint: the label's number in the original job.
    public var reprintOfNumber: Int?
    /// True for the copies after the first of one submitted label: they share its lot.
    public var isExtraCopy: Bool

    public init(
        zpl: String, lot: String? = nil, data: [String: JSONValue]? = nil, reprintOfNumber: Int? = nil,
        isExtraCopy: Bool = false
    ) {
        self.zpl = zpl
        self.lot = lot
        self.data = data
        self.reprintOfNumber = reprintOfNumber
        self.isExtraCopy = isExtraCopy
    }
}
