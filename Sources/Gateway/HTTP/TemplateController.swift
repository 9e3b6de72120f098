import Core
import Foundation
import Hummingbird

/// `/v1/templates`: what the loaded templates take, and rendering one label without printing it.
struct TemplateController {
    let library: TemplateLibrary
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("templates", use: list)
        group.get("templates/:name", use: show)
        group.post("templates/:name/render", use: render)
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
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: zpl)))
        case .failure(let problems):
            throw SubmissionError.invalidLabels(
                problems.items.map { LabelProblem(label: 1, field: $0.field, message: $0.message) })
        }
    }

    /// The template to render; an unknown name is a missing resource here, not a field of a job.
    private func usable(_ name: String) throws -> LabelTemplate {
        do throws(SubmissionError) {
            return try library.usable(named: name)
        } catch {
            guard error.code == .unknownTemplate else { throw error }
            throw APIError(.notFound, "template_not_found", error.message, details: ["field": .string("template")])
        }
    }
}

struct TemplateResource: ResponseEncodable {
    let name: String
    let entry: TemplateLibrary.Entry

    enum CodingKeys: String, CodingKey {
        case name, description, dpi, size, fields, barcodes
        case widthDots = "width_dots"
        case heightDots = "height_dots"
        case loadError = "load_error"
    }

    struct Field: Encodable {
        let field: TemplateField
        enum CodingKeys: String, CodingKey {
            case name, type, required, decimals, min, max
            case maxLength = "max_length"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field.name, forKey: .name)
            try container.encode(field.kind.name, forKey: .type)
            try container.encode(field.required, forKey: .required)
            switch field.kind {
            case .decimal(let places), .weight(let places): try container.encode(places, forKey: .decimals)
            default: break
            }
            try container.encodeIfPresent(field.maxLength, forKey: .maxLength)
            try container.encodeIfPresent(field.minimum.map { "\($0)" }, forKey: .min)
            try container.encodeIfPresent(field.maximum.map { "\($0)" }, forKey: .max)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        let template = entry.template
        try container.encode(template?.description, forKey: .description)
        try container.encode(template?.dpi, forKey: .dpi)
        try container.encode(template?.size, forKey: .size)
        try container.encode(template?.widthDots, forKey: .widthDots)
        try container.encode(template?.heightDots, forKey: .heightDots)
        try container.encode((template?.fields ?? []).map(Field.init), forKey: .fields)
        let barcodes = (template?.barcodes ?? [:]).mapValues { $0.map { "(\($0.ai)){\($0.field)}" }.joined() }
        try container.encode(barcodes, forKey: .barcodes)
        try container.encode(
            entry.error.map { ["message": $0.message, "line": $0.line.map(String.init) ?? ""] }, forKey: .loadError)
    }
}
