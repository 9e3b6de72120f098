import Core
import Foundation
import Hummingbird
import Store

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
    }

    init(_ job: Job, confirmation: Confirmation?) {
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
        self.confirmation = confirmation?.rawValue
        createdAt = job.createdAt
        updatedAt = job.updatedAt
        completedAt = job.completedAt
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
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(completedAt, forKey: .completedAt)
    }
}

struct LabelResource: Encodable {
    let number: Int
    let status: String
    let lot: String?
    let printedAt: Date?

    init(_ label: JobLabel) {
        number = label.number
        status = label.status.rawValue
        lot = label.lot
        printedAt = label.printedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(status, forKey: .status)
        try container.encode(lot, forKey: .lot)
        try container.encode(printedAt, forKey: .printedAt)
    }

    enum CodingKeys: String, CodingKey {
        case number, status, lot
        case printedAt = "printed_at"
    }
}

struct EventResource: Encodable {
    let id: Int64
    let jobID: UUID
    let kind: String
    let data: [String: String]
    let createdAt: Date

    init(_ event: JobEvent) {
        id = event.id
        jobID = event.jobID
        kind = event.kind.rawValue
        data = event.data
        createdAt = event.createdAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(jobID.uuidString.lowercased(), forKey: .jobID)
        try container.encode(kind, forKey: .kind)
        try container.encode(data, forKey: .data)
        try container.encode(createdAt, forKey: .createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, data
        case jobID = "job_id"
        case createdAt = "created_at"
    }
}

struct StatusResource: Encodable {
    let state: String
    let reasons: [String]
    let detail: String?
    let checkedAt: Date?

    init(_ status: PrinterStatus) {
        state = status.state.rawValue
        reasons = status.reasons.map(\.rawValue)
        detail = status.detail
        checkedAt = status.checkedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(detail, forKey: .detail)
        try container.encode(checkedAt, forKey: .checkedAt)
    }

    enum CodingKeys: String, CodingKey {
        case state, reasons, detail
        case checkedAt = "checked_at"
    }
}

struct PrinterResource: ResponseEncodable {
    let record: PrinterRecord
    let confirmation: Confirmation?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let printer = record.printer
        try container.encode(printer.id.uuidString.lowercased(), forKey: .id)
        try container.encode(printer.name, forKey: .name)
        try container.encode(printer.uri, forKey: .uri)
        try container.encode(printer.model, forKey: .model)
        try container.encode(printer.site, forKey: .site)
        try container.encode(printer.enabled, forKey: .enabled)
        try container.encode(printer.description, forKey: .description)
        try container.encode(StatusResource(record.status), forKey: .status)
        try container.encode(confirmation?.rawValue, forKey: .confirmation)
        try container.encode(record.drivenBy, forKey: .drivenBy)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, uri, model, site, enabled, description, status, confirmation
        case drivenBy = "driven_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

struct ModelResource: Encodable {
    let model: PrinterModel

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model.name, forKey: .name)
        try container.encode(model.dpi, forKey: .dpi)
        try container.encode(model.dotsPerMillimetre, forKey: .dotsPerMillimetre)
        try container.encode(model.maxPrintWidthDots, forKey: .maxPrintWidthDots)
        try container.encode(model.answersHostStatus, forKey: .answersHostStatus)
        try container.encode(model.usbVendorID, forKey: .usbVendorID)
        try container.encode(model.usbProductID, forKey: .usbProductID)
        try container.encode(model.maxSpeedIPS, forKey: .maxSpeedIPS)
    }

    enum CodingKeys: String, CodingKey {
        case name, dpi
        case dotsPerMillimetre = "dots_per_mm"
        case maxPrintWidthDots = "max_print_width_dots"
        case answersHostStatus = "answers_host_status"
        case usbVendorID = "usb_vendor_id"
        case usbProductID = "usb_product_id"
        case maxSpeedIPS = "max_speed_ips"
    }
}

/// `{"items": [...], "next_cursor": ...}`.
struct Page<Item: Encodable>: ResponseEncodable {
    let items: [Item]
    let nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}
