import Core
import Foundation
import Hummingbird
import Store

/// `/v1/jobs`: thin handlers over the job repository and Core's rules.
struct JobController {
    let jobs: JobRepository
    let transports: TransportRegistry
    let printers: PrinterRepository
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("jobs", use: submit)
        group.get("jobs", use: list)
        group.get("jobs/:id", use: show)
        group.get("jobs/:id/labels", use: labels)
        group.get("jobs/:id/events", use: events)
        group.post("jobs/:id/cancel", use: cancel)
        group.delete("jobs/:id", use: delete)
    }

    struct SubmitBody: Decodable {
        let printer: String
        let template: String?
        let labels: [[String: JSONValue]]?
        let zpl: [String]?
        let copies: Int?
        let idempotencyKey: String?
        let maxAttempts: Int?

        enum CodingKeys: String, CodingKey {
            case printer, template, labels, zpl, copies
            case idempotencyKey = "idempotency_key"
            case maxAttempts = "max_attempts"
        }
    }

    @Sendable func submit(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<JobResource> {
        let body = try await request.decodeJSON(SubmitBody.self, maxBytes: maxBodyBytes)
        let newJob = try makeJob(body)
        let outcome: (job: Job, created: Bool)
        do {
            outcome = try await jobs.submit(newJob)
        } catch let error as StoreError where error.code == .notFound {
            throw APIError.unprocessable(
                "unknown_printer", "no printer named '\(body.printer)'", details: ["field": .string("printer")])
        }
        return EditedResponse(status: outcome.created ? .accepted : .ok, response: try await resource(outcome.job))
    }

    /// Applies the submission rules: one of `zpl` or `template`, copies, the label limit, every label checked.
    private func makeJob(_ body: SubmitBody) throws -> NewJob {
        guard !body.printer.isEmpty else {
            throw APIError.unprocessable("invalid_field", "printer must not be empty", details: ["field": .string("printer")])
        }
        let copies = body.copies ?? 1
        guard (1...JobLimits.maxCopies).contains(copies) else {
            throw APIError.unprocessable(
                "invalid_field", "copies must be between 1 and \(JobLimits.maxCopies)", details: ["field": .string("copies")])
        }
        if let key = body.idempotencyKey, key.isEmpty || key.count > 200 {
            throw APIError.unprocessable(
                "invalid_field", "idempotency_key must have 1 to 200 characters",
                details: ["field": .string("idempotency_key")])
        }
        let maxAttempts = body.maxAttempts ?? JobLimits.defaultMaxAttempts
        guard (1...100).contains(maxAttempts) else {
            throw APIError.unprocessable(
                "invalid_field", "max_attempts must be between 1 and 100", details: ["field": .string("max_attempts")])
        }
        let sources: [String]
        switch (body.zpl, body.template) {
        case (let zpl?, nil):
            sources = zpl
        case (nil, let template?):
            throw APIError.unprocessable(
                "unknown_template", "no template named '\(template)'", details: ["field": .string("template")])
        case (.some, .some):
            throw APIError.unprocessable("invalid_request", "give either zpl or template with labels, not both")
        case (nil, nil):
            throw APIError.unprocessable("invalid_request", "give either zpl (ready labels) or template with labels")
        }
        let total = sources.count * copies
        guard total <= JobLimits.maxLabels else {
            throw APIError(
                .contentTooLarge, "too_many_labels",
                "a job may have at most \(JobLimits.maxLabels) labels (copies included); this one has \(total)",
                details: ["label_count": .integer(total), "max": .integer(JobLimits.maxLabels)])
        }
        guard total > 0 else { throw APIError.unprocessable("no_labels", "the job has no labels") }
        let problems = sources.enumerated().compactMap { index, zpl in
            ZPLFormatCheck.problem(in: zpl).map { LabelProblem(label: index + 1, field: "zpl", message: "ZPL \($0)") }
        }
        guard problems.isEmpty else { throw Self.invalidLabels(problems) }
        let labels = sources.flatMap { zpl in Array(repeating: NewLabel(zpl: zpl), count: copies) }
        return NewJob(
            printer: body.printer, template: nil, labels: labels, idempotencyKey: body.idempotencyKey,
            maxAttempts: maxAttempts)
    }

    static func invalidLabels(_ problems: [LabelProblem]) -> APIError {
        let numbers = Array(Set(problems.map(\.label))).sorted()
        return APIError.unprocessable(
            "invalid_labels",
            "\(numbers.count) label(s) cannot be printed: \(numbers.map(String.init).joined(separator: ", ")); nothing was queued",
            details: [
                "labels": .array(
                    problems.map {
                        .object(["label": .integer($0.label), "field": .string($0.field), "message": .string($0.message)])
                    })
            ])
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Page<JobResource> {
        let query = request.uri.queryParameters
        let limit = try Self.limit(query.get("limit"))
        var status: JobStatus?
        if let text = query.get("status"), !text.isEmpty {
            guard let parsed = JobStatus(rawValue: text) else {
                throw APIError.badRequest(
                    "status must be one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let printer = query.get("printer").flatMap { $0.isEmpty ? nil : $0 }
        let cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
        let page: (jobs: [Job], nextCursor: String?)
        do {
            page = try await jobs.list(status: status, printer: printer, limit: limit, cursor: cursor)
        } catch let error as StoreError where error.code == .invalid {
            throw APIError.badRequest(error.message)
        }
        var items: [JobResource] = []
        for job in page.jobs { items.append(try await resource(job)) }
        return Page(items: items, nextCursor: page.nextCursor)
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 50 }
        guard let value = Int(text), value >= 1 else { throw APIError.badRequest("limit must be a whole number from 1 to 500") }
        return min(value, 500)
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        try await resource(try await job(context))
    }

    @Sendable func labels(_ request: Request, context: GatewayRequestContext) async throws -> Page<LabelResource> {
        let job = try await job(context)
        return Page(items: try await jobs.labels(jobID: job.id).map(LabelResource.init), nextCursor: nil)
    }

    @Sendable func events(_ request: Request, context: GatewayRequestContext) async throws -> Page<EventResource> {
        let job = try await job(context)
        return Page(items: try await jobs.events(jobID: job.id).map(EventResource.init), nextCursor: nil)
    }

    @Sendable func cancel(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        let job = try await job(context)
        do {
            return try await resource(try await jobs.cancel(id: job.id))
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "job_ended", error.message)
        }
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> HTTPResponse.Status {
        let job = try await job(context)
        try await jobs.delete(id: job.id)
        return .noContent
    }

    private func job(_ context: GatewayRequestContext) async throws -> Job {
        let id = try context.parameters.uuid("id", resource: "job")
        guard let job = try await jobs.find(id: id) else {
            throw APIError.notFound("job_not_found", "no job with id '\(id.uuidString.lowercased())'")
        }
        return job
    }

    private func resource(_ job: Job) async throws -> JobResource {
        let printer = try await printers.find(name: job.printer)
        return JobResource(job, confirmation: printer.flatMap { transports.confirmation(for: $0.printer.uri) })
    }
}
