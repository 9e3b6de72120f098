import Foundation

/// One lot number the gateway handed out, and the label that printed it, if any.
public struct LotRecord: Sendable, Hashable {
    public var lot: String
    public var allocatedAt: Date
    public var jobID: UUID?
    public var labelNumber: Int?
    /// The status of the label it is bound to (`LabelStatus` raw value), nil while unbound.
    public var labelStatus: String?
    public var printedAt: Date?

    public init(
        lot: String, allocatedAt: Date, jobID: UUID? = nil, labelNumber: Int? = nil, labelStatus: String? = nil,
        printedAt: Date? = nil
    ) {
        self.lot = lot
        self.allocatedAt = allocatedAt
        self.jobID = jobID
        self.labelNumber = labelNumber
        self.labelStatus = labelStatus
        self.printedAt = printedAt
    }
}
