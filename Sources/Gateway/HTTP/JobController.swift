import Core
import Foundation
import Hummingbird

/// `/v1/jobs`: thin handlers over the job store and Core's rules (``JobSubmission``, ``JobReprint``). A job's
/// confirmation comes with it from the store, read with the job.
struct JobController<Jobs: JobStore, Printers: PrinterStore> {
    let jobs: Jobs
    let printers: Printers
    let templates: TemplateLibrary
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.print)
            .post("jobs", use: submit)
            .get("jobs", use: list)
            .get("jobs/:id", use: show)
            .get("jobs/:id/labels", use: labels)
            .get("jobs/:id/events", use: events)
            .post("jobs/:id/cancel", use: cancel)
            .post("jobs/:id/reprint", use: reprint)
        group.requiring(.operate)
            .delete("jobs/:id", use: delete)
            .post("jobs/:id/hold", use: hold)
            .post("jobs/:id/release", use: release)
            .post("jobs/:id/move", use: move)
    }

    struct SubmitBody: Decodable {
        let printer: String
        let template: String?
        let labels: [[String: JSONValue]]?
        let zpl: [String]?
        let copies: Int?
        let idempotencyKey: String?
        let maxAttempts: Int?
        let metadata: JSONValue?
        let priority: Int?
        let hold: Bool?
        let expiresAt: String?
        let preflight: Bool?

        enum CodingKeys: String, CodingKey {
            case printer, template, labels, zpl, copies, metadata, priority, hold, preflight
            case idempotencyKey = "idempotency_key"
            case maxAttempts = "max_attempts"
            case expiresAt = "expires_at"
        }

        var submission: JobSubmission {
            JobSubmission(
                printer: printer, template: template, labels: labels, zpl: zpl, copies: copies,
                idempotencyKey: idempotencyKey, maxAttempts: maxAttempts, metadata: metadata, priority: priority,
                hold: hold, expiresAt: expiresAt)
        }
    }

    @Sendable func submit(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        JobResource
    > {
        let body = try await request.decodeJSON(SubmitBody.self, maxBytes: maxBodyBytes)
        // The printer is read once for the rules and the preflight; the queueing statement finds it again.
        var found: PrinterRecord??
        let findPrinter = { () async throws -> PrinterRecord? in
            if let found { return found }
            let record = try await printers.find(name: body.printer)
            found = .some(record)
            return record
        }
        var newJob = try await body.submission.newJob(templates: templates, findPrinter: findPrinter)
        let model = try await findPrinter()?.model
        try preflight(body, model: model)
        newJob.submittedBy = context.subject
        return try await queue(newJob)
    }

    /// Template jobs always, ZPL jobs that ask for it: the labels' layout checked before anything is queued, for
    /// the printer's `model` (nil when the printer is unknown).
    private func preflight(_ body: SubmitBody, model: PrinterModel?) throws {
        if let name = body.template, let data = body.labels {
            let template = try templates.usable(named: name)
            try LabelPreflight.refuse(LabelPreflight.issues(template: template, data: data, model: model))
        } else if body.preflight == true, let zpl = body.zpl {
            try LabelPreflight.refuse(LabelPreflight.issues(zpl: zpl, model: model))
        }
    }

    struct ReprintBody: Decodable {
        let labels: [Int]?
        let failed: Bool?
        let printer: String?
        let priority: Int?
    }

    /// A new job printing labels of an earlier one from their stored ZPL (rendered again if it was pruned).
    @Sendable func reprint(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        JobResource
    > {
        let original = try await job(context)
        let body = try await request.decodeJSON(ReprintBody.self, maxBytes: maxBodyBytes)
        let reprint = JobReprint(
            labels: body.labels, failed: body.failed, printer: body.printer, priority: body.priority)
        var newJob = try await reprint.newJob(of: original, jobs: jobs, templates: templates)
        newJob.submittedBy = context.subject
        return try await queue(newJob)
    }

    /// Stores the job: 202 when it is queued, 200 when its idempotency key found the first one.
    private func queue(_ newJob: NewJob) async throws -> EditedResponse<JobResource> {
        let outcome: (job: Job, created: Bool)
        do {
            outcome = try await jobs.submit(newJob)
        } catch let error as StoreError where error.code == .notFound {
            throw JobSubmission.unknownPrinter(newJob.printer)
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "lot_conflict", error.message)
        }
        return EditedResponse(status: outcome.created ? .accepted : .ok, response: JobResource(outcome.job))
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Page<JobResource> {
        let query = request.uri.queryParameters
        let limit = try PageLimit.parse(query.get("limit"))
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
        return Page(items: page.jobs.map(JobResource.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        JobResource(try await job(context))
    }

    @Sendable func labels(_ request: Request, context: GatewayRequestContext) async throws -> Page<LabelResource> {
        let job = try await job(context)
        return Page(items: try await jobs.labels(jobID: job.id).map(LabelResource.init), nextCursor: nil)
    }

    @Sendable func events(_ request: Request, context: GatewayRequestContext) async throws -> Page<EventResource> {
        let job = try await job(context)
        return Page(items: try await jobs.events(jobID: job.id).map(EventResource.init), nextCursor: nil)
    }

    /// How long a cancel's answer waits for the worker printing the job to stop and clear the printer's buffer.
    static var cancelStopTimeout: Duration { .seconds(3) }

    @Sendable func cancel(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        let job = try await job(context)
        do {
            return JobResource(
                try await jobs.cancel(id: job.id, actor: context.subject, stopTimeout: Self.cancelStopTimeout))
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "job_ended", error.message)
        }
    }

    @Sendable func hold(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        let job = try await job(context)
        return JobResource(try await ended { try await jobs.hold(id: job.id, actor: context.subject) })
    }

    @Sendable func release(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        let job = try await job(context)
        return JobResource(try await ended { try await jobs.release(id: job.id, actor: context.subject) })
    }

    struct MoveBody: Decodable {
        let printer: String
    }

    /// Moves the unconfirmed rest of the job: 422 naming `printer` for an unknown, disabled or the same printer, 409
    /// when the printer's model cannot take the job's template.
    @Sendable func move(_ request: Request, context: GatewayRequestContext) async throws -> JobResource {
        let job = try await job(context)
        let body = try await request.decodeJSON(MoveBody.self, maxBytes: maxBodyBytes)
        guard let target = try await printers.find(name: body.printer) else {
            throw Self.badPrinter("no printer named '\(body.printer)'")
        }
        guard target.printer.enabled else { throw Self.badPrinter("printer '\(body.printer)' is disabled") }
        if let name = job.template, let template = try? templates.usable(named: name),
            let misfit = template.misfit(for: target.model)
        {
            throw APIError(.conflict, "template_does_not_fit", misfit, details: ["field": .string("printer")])
        }
        do {
            return JobResource(
                try await ended { try await jobs.move(id: job.id, toPrinter: body.printer, actor: context.subject) })
        } catch let error as StoreError where error.code == .invalid {
            throw Self.badPrinter(error.message)
        }
    }

    private static func badPrinter(_ message: String) -> APIError {
        APIError.unprocessable("invalid_field", message, details: ["field": .string("printer")])
    }

    /// `body`, with an ended job's `conflict` as 409 `job_ended`.
    private func ended(_ body: () async throws -> Job) async throws -> Job {
        do {
            return try await body()
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "job_ended", error.message)
        }
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> HTTPResponse.Status {
        let job = try await job(context)
        try await jobs.delete(id: job.id, actor: context.subject)
        return .noContent
    }

    private func job(_ context: GatewayRequestContext) async throws -> Job {
        let id = try context.parameters.uuid("id", resource: "job")
        guard let job = try await jobs.find(id: id) else {
            throw APIError.notFound("job_not_found", "no job with id '\(id.uuidString.lowercased())'")
        }
        return job
    }
}
