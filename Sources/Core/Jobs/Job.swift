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

    public init(
        id: UUID, printerID: UUID, printer: String, template: String?, status: JobStatus,
        waitingReason: WaitingReason?, labelCount: Int, printedCount: Int, failedCount: Int, attempts: Int,
        maxAttempts: Int, lastError: String?, nextAttemptAt: Date?, reprintOfJobID: UUID?, idempotencyKey: String?,
        confirmation: Confirmation?, createdAt: Date, updatedAt: Date, completedAt: Date?
    ) {
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

/// A job to be queued: its labels already rendered to ZPL.
public struct NewJob: Sendable {
    public var printer: String
    public var template: String?
    public var labels: [NewLabel]
    public var idempotencyKey: String?
    public var maxAttempts: Int
    public var reprintOfJobID: UUID?

    public init(
        printer: String, template: String? = nil, labels: [NewLabel], idempotencyKey: String? = nil,
        maxAttempts: Int = 5, reprintOfJobID: UUID? = nil
    ) {
        self.printer = printer
        self.template = template
        self.labels = labels
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = maxAttempts
        self.reprintOfJobID = reprintOfJobID
    }
}

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
