import Foundation
import Hummingbird
import Mustache

/// The dashboard's Mustache templates and stylesheet, read once from the bundle. Templates escape every value
/// for HTML (Mustache's `{{name}}`); none uses the unescaped `{{{name}}}`.
struct DashboardRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer

    init() throws {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let stylesheet = Bundle.module.url(forResource: "Assets/dashboard", withExtension: "css")
                ?? Bundle.module.resourceURL?.appendingPathComponent("Assets/dashboard.css")
        else { throw DashboardError("the dashboard's templates are missing from the Gateway bundle") }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter {
            $0.hasSuffix(".mustache")
        }
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw DashboardError("the dashboard template \(file) does not parse: \(error)")
            }
        }
        self.library = library
        self.stylesheet = ByteBuffer(data: try Data(contentsOf: stylesheet))
    }

    /// The page `template` makes of `view`, as HTML.
    func page(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(view, withTemplate: template) ?? "template \(template) is missing"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func stylesheetResponse() -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
            body: .init(byteBuffer: stylesheet))
    }
}

/// The dashboard cannot start (its resources are missing or broken).
struct DashboardError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
