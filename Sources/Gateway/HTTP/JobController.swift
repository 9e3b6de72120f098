import Core
import Foundation
import Hummingbird
import Store

/// `/v1/jobs`: thin handlers over the job repository and Core's rules.
struct JobController {
    let jobs: JobRepository
    let transports: TransportRegistry
    let printers: PrinterRepository
    let templates: TemplateLibrary
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("jobs", use: submit)
        group.get("jobs", use: list)
        group.get("jobs/:id", use: show)
        group.get("jobs/:id/labels", use: labels)
        group.get("jobs/:id/events", use: events)
        group.post("jobs/:id/cancel", use: cancel)
        group.post("jobs/:id/reprint", use: reprint)
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

    @Sendable func submit(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        JobResource
    > {
        let body = try await request.decodeJSON(SubmitBody.self, maxBytes: maxBodyBytes)
        let newJob = try await makeJob(body)
        return try await submit(newJob)
    }

    private func submit(_ newJob: NewJob) async throws -> EditedResponse<JobResource> {
        let outcome: (job: Job, created: Bool)
        do {
            outcome = try await jobs.submit(newJob)
        } catch let error as StoreError where error.code == .notFound {
            throw APIError.unprocessable(
                "unknown_printer", "no printer named '\(newJob.printer)'", details: ["field": .string("printer")])
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "lot_conflict", error.message)
        }
        return EditedResponse(status: outcome.created ? .accepted : .ok, response: try await resource(outcome.job))
    }

    /// Applies the submission rules: one of `zpl` or `template`, copies, the label limit, every label checked.
    private func makeJob(_ body: SubmitBody) async throws -> NewJob {
        guard !body.printer.isEmpty else {
            throw APIError.unprocessable(
                "invalid_field", "printer must not be empty", details: ["field": .string("printer")])
        }
        let copies = body.copies ?? 1
        guard (1...JobLimits.maxCopies).contains(copies) else {
            throw APIError.unprocessable(
                "invalid_field", "copies must be between 1 and \(JobLimits.maxCopies)",
                details: ["field": .string("copies")])
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
        let count: Int
        switch (body.zpl, body.template) {
        case (let zpl?, nil):
            count = zpl.count
        case (nil, .some):
            guard let labels = body.labels else {
                throw APIError.unprocessable(
                    "invalid_request", "a template job needs labels: one object of field values per label",
                    details: ["field": .string("labels")])
            }
            count = labels.count
        case (.some, .some):
            throw APIError.unprocessable("invalid_request", "give either zpl or template with labels, not both")
        case (nil, nil):
            throw APIError.unprocessable("invalid_request", "give either zpl (ready labels) or template with labels")
        }
        let total = count * copies
        guard total <= JobLimits.maxLabels else {
            throw APIError(
                .contentTooLarge, "too_many_labels",
                "a job may have at most \(JobLimits.maxLabels) labels (copies included); this one has \(total)",
                details: ["label_count": .integer(total), "max": .integer(JobLimits.maxLabels)])
        }
        guard total > 0 else { throw APIError.unprocessable("no_labels", "the job has no labels") }
        let labels: [NewLabel]
        if let zpl = body.zpl {
            let problems = zpl.enumerated().compactMap { index, zpl in
                ZPLFormatCheck.problem(in: zpl).map {
                    LabelProblem(label: index + 1, field: "zpl", message: "ZPL \($0)")
                }
            }
            guard problems.isEmpty else { throw Self.invalidLabels(problems) }
            labels = zpl.map { NewLabel(zpl: $0) }
        } else {
            labels = try await renderLabels(template: body.template!, data: body.labels ?? [], printer: body.printer)
        }
        let copied = labels.flatMap { label in
            (0..<copies).map { copy in
                var label = label
                label.isExtraCopy = copy > 0
                return label
            }
        }
        return NewJob(
            printer: body.printer, template: body.template, labels: copied, idempotencyKey: body.idempotencyKey,
            maxAttempts: maxAttempts)
    }

    /// Renders every label with the template after checking that it fits the printer; lists every problem.
    private func renderLabels(template name: String, data: [[String: JSONValue]], printer: String) async throws
        -> [NewLabel]
    {
        let template = try TemplateController.usable(templates, name: name, notFound: .unprocessableContent)
        guard let record = try await printers.find(name: printer) else {
            throw APIError.unprocessable(
                "unknown_printer", "no printer named '\(printer)'", details: ["field": .string("printer")])
        }
        if let misfit = template.misfit(for: record.model) {
            throw APIError.unprocessable("template_does_not_fit", misfit, details: ["field": .string("template")])
        }
        return try Self.render(template, data: data)
    }

    /// Renders labels, numbering problems 1…N.
    static func render(_ template: LabelTemplate, data: [[String: JSONValue]], numbers: [Int]? = nil) throws
        -> [NewLabel]
    {
        var problems: [LabelProblem] = []
        var labels: [NewLabel] = []
        let lotFields = template.fields.filter { $0.kind == .lot }.map(\.name)
        for (index, values) in data.enumerated() {
            let number = numbers?[index] ?? index + 1
            switch TemplateRenderer.render(template, data: values) {
            case .success(let zpl):
                var lot: String?
                if let field = lotFields.first, case .string(let text)? = values[field] { lot = text }
                labels.append(NewLabel(zpl: zpl, lot: lot, data: values))
            case .failure(let failure):
                problems += failure.items.map { LabelProblem(label: number, field: $0.field, message: $0.message) }
            }
        }
        guard problems.isEmpty else { throw invalidLabels(problems) }
        return labels
    }

    struct ReprintBody: Decodable {
        let labels: [Int]?
        let failed: Bool?
        let printer: String?
    }

    /// A new job printing labels of an earlier one from their stored ZPL (rendered again if it was pruned).
    @Sendable func reprint(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        JobResource
    > {
        let original = try await job(context)
        let body = try await request.decodeJSON(ReprintBody.self, maxBytes: maxBodyBytes)
        let numbers: [Int]?
        switch (body.labels, body.failed) {
        case (let labels?, nil), (let labels?, false?):
            guard !labels.isEmpty else { throw APIError.unprocessable("no_labels", "labels is empty") }
            if let bad = labels.first(where: { !(1...original.labelCount).contains($0) }) {
                throw APIError.unprocessable(
                    "invalid_field", "label \(bad) is not in 1…\(original.labelCount)",
                    details: ["field": .string("labels")])
            }
            guard labels.count <= JobLimits.maxLabels else {
                throw APIError(
                    .contentTooLarge, "too_many_labels", "a job may have at most \(JobLimits.maxLabels) labels")
            }
            numbers = labels
        case (nil, true?):
            numbers = nil
        default:
            throw APIError.unprocessable("invalid_request", "give labels (numbers) or failed: true")
        }
        let stored = try await jobs.storedLabels(jobID: original.id, numbers: numbers)
        guard !stored.isEmpty else { throw APIError.unprocessable("no_labels", "the original job has no such labels") }
        var labels: [NewLabel] = []
        for label in stored {
            if let zpl = label.zpl {
                labels.append(NewLabel(zpl: zpl, lot: label.lot, data: label.data, reprintOfNumber: label.number))
                continue
            }
            guard let name = original.template, let data = label.data else {
                throw APIError(
                    .conflict, "cannot_rerender",
                    "label \(label.number)'s ZPL was pruned and the job has no template data to render it again")
            }
            let template = try TemplateController.usable(templates, name: name, notFound: .conflict)
            var rendered = try Self.render(template, data: [data], numbers: [label.number])[0]
            rendered.reprintOfNumber = label.number
            labels.append(rendered)
        }
        return try await submit(
            NewJob(
                printer: body.printer ?? original.printer, template: original.template, labels: labels,
                maxAttempts: original.maxAttempts, reprintOfJobID: original.id))
    }

    static func invalidLabels(_ problems: [LabelProblem]) -> APIError {
        let numbers = Array(Set(problems.map(\.label))).sorted()
        return APIError.unprocessable(
            "invalid_labels",
            "\(numbers.count) label(s) cannot be printed: \(numbers.map(String.init).joined(separator: ", ")); nothing was queued",
            details: [
                "labels": .array(
                    problems.map {
                        .object([
                            "label": .integer($0.label), "field": .string($0.field), "message": .string($0.message),
                        ])
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
        if let printer, printer.unicodeScalars.contains("\0") {
            throw APIError.badRequest("printer must not contain the NUL character")
        }
        let cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
        let page: (jobs: [Job], nextCursor: String?)
        do {
            page = try await jobs.list(status: status, printer: printer, limit: limit, cursor: cursor)
        } catch let error as StoreError where error.code == .invalid {
            throw APIError.badRequest(error.message)
        }
        var items: [JobResource] = []
        // One printer lookup per printer on the page, not per job.
        var confirmations: [String: Confirmation?] = [:]
        for job in page.jobs {
            if confirmations[job.printer] == nil { confirmations[job.printer] = try await confirmation(of: job) }
            items.append(JobResource(job, confirmation: confirmations[job.printer] ?? nil))
        }
        return Page(items: items, nextCursor: page.nextCursor)
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 50 }
        guard let value = Int(text), value >= 1 else {
            throw APIError.badRequest("limit must be a whole number from 1 to 500")
        }
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
        JobResource(job, confirmation: try await confirmation(of: job))
    }

    /// What a confirmation means on the job's printer, as its URI is now.
    private func confirmation(of job: Job) async throws -> Confirmation? {
        try await printers.find(name: job.printer).flatMap { transports.confirmation(for: $0.printer.uri) }
    }
}
