import Core
import Foundation
import Hummingbird
import Preview

/// Label previews: ZPL, a template's label, or a stored job's label, drawn by the gateway's own renderer as PNG (or,
/// asked for JSON, with the layout). Nothing is printed or stored.
struct PreviewController<Jobs: JobStore, Printers: PrinterStore> {
    let jobs: Jobs
    let printers: Printers
    let templates: TemplateLibrary
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.print)
            .post("preview", use: preview)
            .post("templates/:name/preview", use: templatePreview)
            .get("jobs/:id/labels/:number/preview", use: jobLabelPreview)
    }

    /// `POST /v1/preview`: `{"zpl", "dpi", "width", "height", "label", "printer"}`; `printer` gives its model's dpi and
    /// printable width where the body gives none.
    @Sendable func preview(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let body = try PreviewRequest(try await request.decodeJSON([String: JSONValue].self, maxBytes: maxBodyBytes))
        var model: PrinterModel?
        if let name = body.printer {
            guard let record = try await printers.find(name: name) else {
                throw APIError.unprocessable(
                    "unknown_printer", "no printer named '\(name)'", details: ["field": .string("printer")])
            }
            model = record.model
        }
        let options = body.options(model: model)
        let (document, label) = LabelPicture.draw(Array(body.zpl.utf8), number: body.label, options: options)
        guard let label else { throw PreviewAnswer.labelOutOfRange(body.label, count: document.labels.count) }
        return try PreviewAnswer.response(
            document, label: label, dpi: options.dpi, printableWidth: model?.maxPrintWidthDots, request: request)
    }

    /// `POST /v1/templates/{name}/preview`: one label's data, as for `render`; its fields named in the layout.
    @Sendable func templatePreview(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let template = try TemplateController(library: templates, maxBodyBytes: maxBodyBytes).usable(name)
        let data = try await request.decodeJSON([String: JSONValue].self, maxBytes: maxBodyBytes)
        let zpl: String
        switch TemplateRenderer.render(template, data: data, namingFields: true) {
        case .success(let rendered): zpl = rendered
        case .failure(let problems):
            throw SubmissionError.invalidLabels(
                problems.items.map { LabelProblem(label: 1, field: $0.field, message: $0.message) })
        }
        return try answer(zpl, number: 1, dpi: template.dpi, request: request)
    }

    /// `GET /v1/jobs/{id}/labels/{number}/preview`: the label's stored ZPL, or once it is pruned the ZPL rendered again
    /// from the kept data with the job's template.
    @Sendable func jobLabelPreview(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("id", resource: "job")
        guard let job = try await jobs.find(id: id) else {
            throw APIError.notFound("job_not_found", "no job with id '\(id.uuidString.lowercased())'")
        }
        let text = context.parameters.get("number") ?? ""
        guard let number = Int(text), (1...job.labelCount).contains(number) else {
            throw APIError.notFound(
                "label_not_found", "job \(id.uuidString.lowercased()) has labels 1…\(job.labelCount), not '\(text)'")
        }
        let template = job.template.flatMap { try? templates.usable(named: $0) }
        var dpi = template?.dpi
        if dpi == nil { dpi = try await printers.find(name: job.printer)?.model.dpi }
        let drawnAt = dpi ?? 300
        guard let stored = try await jobs.storedLabels(jobID: job.id, numbers: [number]).first else {
            throw APIError.notFound("label_not_found", "job \(id.uuidString.lowercased()) has no label \(number)")
        }
        if let zpl = stored.zpl { return try answer(zpl, number: 1, shownAs: number, dpi: drawnAt, request: request) }
        guard let template, let data = stored.data,
            case .success(let zpl) = TemplateRenderer.render(template, data: data, namingFields: true)
        else {
            throw APIError(
                .conflict, "cannot_rerender",
                "label \(number)'s ZPL was pruned and it cannot be rendered again from its data and template")
        }
        return try answer(zpl, number: 1, shownAs: number, dpi: drawnAt, request: request)
    }

    private func answer(
        _ zpl: String, number: Int, shownAs shown: Int? = nil, dpi: Int, request: Request
    ) throws -> Response {
        let (document, drawn) = LabelPicture.draw(Array(zpl.utf8), number: number, options: PreviewOptions(dpi: dpi))
        guard var label = drawn else { throw PreviewAnswer.labelOutOfRange(number, count: document.labels.count) }
        label.number = shown ?? number
        return try PreviewAnswer.response(document, label: label, dpi: dpi, printableWidth: nil, request: request)
    }
}
