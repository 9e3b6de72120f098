import Core
import Foundation
import Hummingbird

/// A job as the API shows it.
struct JobResource: ResponseEncodable {
    let id: UUID
    let printer: String
    let template: String?
    let status: String
    let waitingReason: String?
    let labelCount: Int
    let printedCount: Int
    let failedCount: Int
    let attempts: Int
    let maxAttempts: Int
    let lastError: String?
    let nextAttemptAt: Date?
    let reprintOfJobID: UUID?
    let idempotencyKey: String?
    let confirmation: String?
    let createdAt: Date
    let updatedAt: Date
    let completedAt: Date?
    let submittedBy: String?
    let metadata: [String: JSONValue]
    let priority: Int
    let expiresAt: Date?
    let endReason: String?
    let movingTo: String?

    enum CodingKeys: String, CodingKey {
        case id, printer, template, status, attempts, confirmation
        case waitingReason = "waiting_reason"
        case labelCount = "label_count"
        case printedCount = "printed_count"
        case failedCount = "failed_count"
        case maxAttempts = "max_attempts"
        case lastError = "last_error"
        case nextAttemptAt = "next_attempt_at"
        case reprintOfJobID = "reprint_of_job_id"
        case idempotencyKey = "idempotency_key"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case completedAt = "completed_at"
        case submittedBy = "submitted_by"
        case metadata, priority
        case expiresAt = "expires_at"
        case endReason = "end_reason"
        case movingTo = "moving_to"
    }

    init(_ job: Job) {
        id = job.id
        printer = job.printer
        template = job.template
        status = job.status.rawValue
        waitingReason = job.waitingReason?.rawValue
        labelCount = job.labelCount
        printedCount = job.printedCount
        failedCount = job.failedCount
        attempts = job.attempts
        maxAttempts = job.maxAttempts
        lastError = job.lastError
        nextAttemptAt = job.nextAttemptAt
        reprintOfJobID = job.reprintOfJobID
        idempotencyKey = job.idempotencyKey
        confirmation = job.confirmation?.rawValue
        createdAt = job.createdAt
        updatedAt = job.updatedAt
        completedAt = job.completedAt
        submittedBy = job.submittedBy
        metadata = job.metadata
        priority = job.priority
        expiresAt = job.expiresAt
        endReason = job.endReason?.rawValue
        movingTo = job.movingTo
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(printer, forKey: .printer)
        try container.encode(template, forKey: .template)
        try container.encode(status, forKey: .status)
        try container.encode(waitingReason, forKey: .waitingReason)
        try container.encode(labelCount, forKey: .labelCount)
        try container.encode(printedCount, forKey: .printedCount)
        try container.encode(failedCount, forKey: .failedCount)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(reprintOfJobID?.uuidString.lowercased(), forKey: .reprintOfJobID)
        try container.encode(idempotencyKey, forKey: .idempotencyKey)
        try container.encode(confirmation, forKey: .confirmation)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(submittedBy, forKey: .submittedBy)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(priority, forKey: .priority)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(endReason, forKey: .endReason)
        try container.encode(movingTo, forKey: .movingTo)
    }
}
