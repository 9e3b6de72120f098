import Foundation

/// One label of a job as the API lists it.
public struct JobLabel: Sendable, Hashable, Codable {
    public var number: Int
    public var status: LabelStatus
    public var lot: String?
    public var printedAt: Date?

    public init(number: Int, status: LabelStatus, lot: String? = nil, printedAt: Date? = nil) {
        self.number = number
        self.status = status
        self.lot = lot
        self.printedAt = printedAt
    }
}
