import Core
import CoreTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

/// The job and lot routes over the in-memory store: the handlers only decode, call Core, store and encode, so the
/// API's answers come out the same whatever the store.
@Suite("Job and lot routes over the in-memory store: the API's answers, without a database")
struct JobRoutesInMemoryTests {
    func withRoutes(
        _ body: @Sendable (any TestClientProtocol, InMemoryStore<VirtualClock>, TemplateLibrary) async throws -> Void
    ) async throws {
        let store = InMemoryStore(clock: VirtualClock())
        _ = try await store.create(Printer(name: "line", uri: "sim://line"))
        _ = try await store.create(Printer(name: "low", uri: "sim://low", model: "zebra-z230-203dpi"))
        let templates = TemplateLibrary()
        for name in ["lot-label", "product-gs1"] {
            let text = try String(contentsOfFile: "\(shippedTemplates)/\(name).zpl", encoding: .utf8)
            templates.apply(name: name, .success(try TemplateParser.parse(name: name, text: text)))
        }
        let router = Router(context: GatewayRequestContext.self)
        router.addMiddleware {
            ErrorMiddleware()
            ScopeGrant(scope: .admin)
        }
        let v1 = router.group("v1")
        JobController(jobs: store, printers: store, templates: templates, maxBodyBytes: 1 << 20).addRoutes(to: v1)
        LotController(lots: store, maxBodyBytes: 1 << 20).addRoutes(to: v1)
        try await Application(router: router).test(.router) { client in try await body(client, store, templates) }
    }

    /// The whole error body, as JSON objects compare.
    func error(_ code: String, _ message: String, details: [String: Any] = [:]) -> NSDictionary {
        ["error": ["code": code, "message": message, "details": details]] as NSDictionary
    }

    @Test("every refused submission answers the status and body the API documents")
    func refusals() async throws {
        try await withRoutes { client, _, _ in
            let many = Array(repeating: "^XA^FDx^FS^XZ", count: 334)
            let cases: [([String: Any], HTTPResponse.Status, NSDictionary)] = [
                (
                    ["printer": "", "zpl": ["^XA^XZ"]], .unprocessableContent,
                    error("invalid_field", "printer must not be empty", details: ["field": "printer"])
                ),
                (
                    ["printer": "line", "zpl": many, "copies": 3], .contentTooLarge,
                    error(
                        "too_many_labels",
                        "a job may have at most 1000 labels (copies included); this one has 1002",
                        details: ["label_count": 1002, "max": 1000])
                ),
                (
                    ["printer": "line", "zpl": []], .unprocessableContent, error("no_labels", "the job has no labels")
                ),
                (
                    ["printer": "line"], .unprocessableContent,
                    error("invalid_request", "give either zpl (ready labels) or template with labels")
                ),
                (
                    ["printer": "line", "zpl": ["^XA^FDok^FS^XZ", "^XA no end"]], .unprocessableContent,
                    error(
                        "invalid_labels", "1 label(s) cannot be printed: 2; nothing was queued",
                        details: [
                            "labels": [
                                [
                                    "label": 2, "field": "zpl",
                                    "message": "ZPL must end with ^XZ",
                                ]
                            ]
                        ])
                ),
                (
                    ["printer": "ghost", "template": "lot-label", "labels": [["lot": "L1"]]], .unprocessableContent,
                    error("unknown_printer", "no printer named 'ghost'", details: ["field": "printer"])
                ),
                (
                    ["printer": "ghost", "zpl": ["^XA^FDok^FS^XZ"]], .unprocessableContent,
                    error("unknown_printer", "no printer named 'ghost'", details: ["field": "printer"])
                ),
                (
                    ["printer": "line", "template": "nope", "labels": [["lot": "L1"]]], .unprocessableContent,
                    error("unknown_template", "no template named 'nope'", details: ["field": "template"])
                ),
                (
                    ["printer": "low", "template": "lot-label", "labels": [["lot": "L1"]]], .unprocessableContent,
                    error(
                        "template_does_not_fit",
                        "template 'lot-label' is made for 300 dpi; printer model zebra-z230-203dpi prints at 203 dpi",
                        details: ["field": "template"])
                ),
                (
                    ["printer": "line", "template": "lot-label", "labels": [["lot": "L2611220001"]]], .conflict,
                    error("lot_conflict", "lot L2611220001 was not allocated by this gateway (POST /v1/lots)")
                ),
            ]
            for (body, status, expected) in cases {
                let answer = try await client.call(.post, "/v1/jobs", token: nil, json: body)
                #expect(answer.status == status, "\(body)")
                #expect(answer.body as NSDictionary == expected, "\(body)")
            }
            let lots = try await client.call(.post, "/v1/lots", token: nil, json: ["count": 0])
            #expect(lots.status == .unprocessableContent)
            #expect(
                lots.body as NSDictionary
                    == error("invalid_field", "count must be 1 to 1000", details: ["field": "count"]))
        }
    }

    @Test("a job is queued once per idempotency key: 202, then 200 with the same job")
    func idempotency() async throws {
        try await withRoutes { client, store, _ in
            let body: [String: Any] = [
                "printer": "line", "zpl": ["^XA^FDok^FS^XZ"], "idempotency_key": "k1", "copies": 2,
            ]
            let first = try await client.call(.post, "/v1/jobs", token: nil, json: body)
            #expect(first.status == .accepted)
            #expect(first.body["label_count"] as? Int == 2)
            let again = try await client.call(.post, "/v1/jobs", token: nil, json: body)
            #expect(again.status == .ok)
            #expect(again.body["id"] as? String == first.body["id"] as? String)
            #expect(try await store.list(status: nil, printer: nil, limit: 10, cursor: nil).jobs.count == 1)
        }
    }

    @Test("a reprint of pruned labels whose template is gone is a conflict, as is one without template data")
    func reprintConflicts() async throws {
        try await withRoutes { client, store, templates in
            let lot = try await client.call(.post, "/v1/lots", token: nil, json: ["count": 1])
            let lotName = try #require((lot.body["lots"] as? [String])?.first)
            let job = try await client.call(
                .post, "/v1/jobs", token: nil,
                json: ["printer": "line", "template": "lot-label", "labels": [["lot": lotName]]])
            let ready = try await client.call(
                .post, "/v1/jobs", token: nil, json: ["printer": "line", "zpl": ["^XA^FDok^FS^XZ"]])
            let jobID = try #require((job.body["id"] as? String).flatMap(UUID.init(uuidString:)))
            let readyID = try #require((ready.body["id"] as? String).flatMap(UUID.init(uuidString:)))
            await store.pruneDocuments(jobID: jobID)
            await store.pruneDocuments(jobID: readyID)
            let rendered = try await client.call(.post, "/v1/jobs/\(jobID)/reprint", token: nil, json: ["labels": [1]])
            #expect(rendered.status == .accepted)
            templates.remove(name: "lot-label")
            let gone = try await client.call(.post, "/v1/jobs/\(jobID)/reprint", token: nil, json: ["labels": [1]])
            #expect(gone.status == .conflict)
            #expect(
                gone.body as NSDictionary
                    == error("unknown_template", "no template named 'lot-label'", details: ["field": "template"]))
            let noData = try await client.call(.post, "/v1/jobs/\(readyID)/reprint", token: nil, json: ["labels": [1]])
            #expect(noData.status == .conflict)
            #expect(
                noData.body as NSDictionary
                    == error(
                        "cannot_rerender",
                        "label 1's ZPL was pruned and the job has no template data to render it again"))
            let outside = try await client.call(.post, "/v1/jobs/\(readyID)/reprint", token: nil, json: ["labels": [2]])
            #expect(
                outside.body as NSDictionary
                    == error("invalid_field", "label 2 is not in 1…1", details: ["field": "labels"]))
        }
    }
}

/// Stands in for the token check of the whole application: every request may do what `scope` allows.
struct ScopeGrant: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let scope: Scope

    func handle(
        _ request: Request, context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        context.scope = scope
        return try await next(request, context)
    }
}
