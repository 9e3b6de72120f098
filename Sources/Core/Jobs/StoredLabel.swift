/// A label of an ended or running job, as a reprint needs it: its stored ZPL (nil once pruned), data and lot.
public struct StoredLabel: Sendable, Hashable {
    public var number: Int
    public var status: LabelStatus
    public var lot: String?
    public var zpl: String?
    public var data: [String: JSONValue]?

    public init(
        number: Int, status: LabelStatus, lot: String? = nil, zpl: String? = nil, data: [String: JSONValue]? = nil
    ) {
        self.number = number
        self.status = status
        self.lot = lot
        self.zpl = zpl
        self.data = data
    }
}
