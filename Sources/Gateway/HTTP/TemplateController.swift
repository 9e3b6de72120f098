import Core
import Foundation
import Hummingbird

/// `/v1/templates`: what the loaded templates take, and rendering one label without printing it.
struct TemplateController {
    let library: TemplateLibrary
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.print)
            .get("templates", use: list)
            .get("templates/:name", use: show)
            .post("templates/:name/render", use: render)
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Page<TemplateResource> {
        Page(items: library.all.map { TemplateResource(name: $0.name, entry: $0.entry) }, nextCursor: nil)
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> TemplateResource {
        let name = context.parameters.get("name") ?? ""
        guard let entry = library.entry(named: name) else {
            throw APIError.notFound("template_not_found", "no template named '\(name)'")
        }
        return TemplateResource(name: name, entry: entry)
    }

    @Sendable func render(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let template = try usable(name)
        let data = try await request.decodeJSON([String: JSONValue].self, maxBytes: maxBodyBytes)
        switch TemplateRenderer.render(template, data: data) {
        case .success(let zpl):
            try LabelPreflight.refuse(LabelPreflight.issues(template: template, data: [data], model: nil))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: zpl)))
        case .failure(let problems):
            throw SubmissionError.invalidLabels(
                problems.items.map { LabelProblem(label: 1, field: $0.field, message: $0.message) })
        }
    }

    /// The template to render; an unknown name is a missing resource here, not a field of a job.
    func usable(_ name: String) throws -> LabelTemplate {
        do throws(SubmissionError) {
            return try library.usable(named: name)
        } catch {
            guard error.code == .unknownTemplate else { throw error }
            throw APIError(.notFound, "template_not_found", error.message, details: ["field": .string("template")])
        }
    }
}
