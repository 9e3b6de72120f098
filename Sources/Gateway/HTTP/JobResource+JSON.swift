import Core

extension JobResource: JSONWritable {
    func writeJSON(to object: inout JSONObjectWriter) throws {
        object.field("attempts", attempts)
        object.field("completed_at", completedAt)
        object.field("confirmation", confirmation)
        object.field("created_at", createdAt)
        object.field("end_reason", endReason)
        object.field("expires_at", expiresAt)
        object.field("failed_count", failedCount)
        object.field("id", id)
        object.field("idempotency_key", idempotencyKey)
        object.field("label_count", labelCount)
        object.field("last_error", lastError)
        object.field("max_attempts", maxAttempts)
        try object.field("metadata", metadata)
        object.field("moving_to", movingTo)
        object.field("next_attempt_at", nextAttemptAt)
        object.field("printed_count", printedCount)
        object.field("printer", printer)
        object.field("priority", priority)
        object.field("reprint_of_job_id", reprintOfJobID)
        object.field("status", status)
        object.field("submitted_by", submittedBy)
        object.field("template", template)
        object.field("updated_at", updatedAt)
        object.field("waiting_reason", waitingReason)
    }
}
