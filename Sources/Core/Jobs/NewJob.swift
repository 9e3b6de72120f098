import Foundation

/// A job to be queued: its labels already rendered to ZPL.
public struct NewJob: Sendable {
    public var printer: String
    public var template: String?
    public var labels: [NewLabel]
    public var idempotencyKey: String?
    public var maxAttempts: Int
    public var reprintOfJobID: UUID?
    /// The subject of the token that submitted it.
    public var submittedBy: String?
    /// The caller's own facts (``JobMetadata``): an object, at most ``JobLimits/maxMetadataBytes``.
    public var metadata: [String: JSONValue]
    /// −10…10; ``JobLimits/reprintPriority`` for a reprint unless the caller says.
    public var priority: Int
    /// Queued held: nothing is sent until it is released.
    public var hold: Bool
    public var expiresAt: Date?

    public init(
        printer: String, template: String? = nil, labels: [NewLabel], idempotencyKey: String? = nil,
        maxAttempts: Int = 5, reprintOfJobID: UUID? = nil,
        submittedBy: String? = nil, metadata: [String: JSONValue] = [:], priority: Int = 0, hold: Bool = false,
        expiresAt: Date? = nil
    ) {
        self.priority = priority
        self.hold = hold
        self.expiresAt = expiresAt
        self.metadata = metadata
        self.submittedBy = submittedBy
        self.printer = printer
        self.template = template
        self.labels = labels
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = maxAttempts
        self.reprintOfJobID = reprintOfJobID
    }
}
