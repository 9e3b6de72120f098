import Foundation

/// A batch of labels for one printer, numbered 1…N in print order.
public struct Job: Sendable, Hashable, Codable {
    public var id: UUID
    public var printerID: UUID
    public var printer: String
    public var template: String?
    public var status: JobStatus
    public var waitingReason: WaitingReason?
    public var labelCount: Int
    /// Labels the printer has confirmed, in order: label `printedCount + 1` is the next to confirm.
    public var printedCount: Int
    public var failedCount: Int
    public var attempts: Int
    public var maxAttempts: Int
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var reprintOfJobID: UUID?
    public var idempotencyKey: String?
    public var confirmation: Confirmation?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    /// The subject (`sub`) of the token that submitted it; nil for jobs from before this was kept.
    public var submittedBy: String?
    /// The caller's own facts given at submit (an empty object when none).
    public var metadata: [String: JSONValue]
    /// −10…10: a printer takes its highest-priority job first, then the oldest.
    public var priority: Int
    /// Not completed by then, the job stops sending and ends `cancelled` with ``JobEndReason/expired``.
    public var expiresAt: Date?
    /// Why it ended; nil while it has not.
    public var endReason: JobEndReason?
    /// The printer it moves to once its printer's process has handed it over; nil when no move is pending.
    public var movingTo: String?

    public init(
        id: UUID, printerID: UUID, printer: String, template: String?, status: JobStatus,
        waitingReason: WaitingReason?, labelCount: Int, printedCount: Int, failedCount: Int, attempts: Int,
        maxAttempts: Int, lastError: String?, nextAttemptAt: Date?, reprintOfJobID: UUID?, idempotencyKey: String?,
        confirmation: Confirmation?, createdAt: Date, updatedAt: Date, completedAt: Date?,
        submittedBy: String? = nil, metadata: [String: JSONValue] = [:], priority: Int = 0, expiresAt: Date? = nil,
        endReason: JobEndReason? = nil, movingTo: String? = nil
    ) {
        self.priority = priority
        self.expiresAt = expiresAt
        self.endReason = endReason
        self.movingTo = movingTo
        self.metadata = metadata
        self.submittedBy = submittedBy
        self.id = id
        self.printerID = printerID
        self.printer = printer
        self.template = template
        self.status = status
        self.waitingReason = waitingReason
        self.labelCount = labelCount
        self.printedCount = printedCount
        self.failedCount = failedCount
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.reprintOfJobID = reprintOfJobID
        self.idempotencyKey = idempotencyKey
        self.confirmation = confirmation
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
    }
}
