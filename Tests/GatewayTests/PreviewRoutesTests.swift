import Core
import Foundation
import Gateway
import GatewayTestSupport
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// The first bytes of every PNG file.
let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

extension TestClientProtocol {
    /// `method path` with `json` and `accept`; status, content type and the raw body.
    func fetch(
        _ method: HTTPRequest.Method, _ path: String, token: String, json: Any? = nil, accept: String? = nil
    ) async throws -> (status: HTTPResponse.Status, type: String?, body: [UInt8]) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let accept { headers[.accept] = accept }
        let body = try json.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
        return try await execute(uri: path, method: method, headers: headers, body: body) { response in
            (response.status, response.headers[.contentType], Array(response.body.readableBytesView))
        }
    }
}

/// A 4×1 in template whose GS1-128 symbol of a GTIN, 3-dot modules, starts at `x`.
func edgeTemplate(barcodeAt x: Int) -> String {
    """
    %% dpi 300
    %% size 4x1in
    %% field gtin gtin required
    %% barcode (01){gtin}
    ^XA
    ^FO\(x),40{{barcode:3,160}}
    ^XZ

    """
}

@Suite("Previews and pre-flight over HTTP, on PostgreSQL")
struct PreviewRoutesTests {
    @Test("POST /v1/preview answers a PNG, or with Accept JSON the layout, label count and the PNG in base 64")
    func previewZPL() async throws {
        try await withApp { client, token in
            let zpl = "^XA^PW600^LL400^FO50,50^A0N,40,40^FDone^FS^XZ^XA^PW600^LL400^FO50,50^GB100,100,3^FS^XZ"
            let png = try await client.fetch(.post, "/v1/preview", token: token, json: ["zpl": zpl])
            #expect(png.status == .ok)
            #expect(png.type == "image/png")
            #expect(Array(png.body.prefix(8)) == pngSignature)

            let answer = try await client.fetch(
                .post, "/v1/preview", token: token, json: ["zpl": zpl, "label": 2, "width": 600, "height": 400],
                accept: "application/json")
            #expect(answer.status == .ok)
            #expect(answer.type?.hasPrefix("application/json") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
            #expect(json["label_count"] as? Int == 2)
            #expect(json["label"] as? Int == 2)
            #expect(json["width"] as? Int == 600)
            #expect(json["height"] as? Int == 400)
            #expect(json["dpi"] as? Int == 300)
            #expect(json["warnings"] is [Any])
            #expect(json["elements"] is [Any])
            let base64 = try #require(json["png_base64"] as? String)
            #expect(Data(base64Encoded: base64).map { Array($0.prefix(8)) } == pngSignature)
        }
    }

    @Test("bad preview input is a 4xx naming its field")
    func badInput() async throws {
        try await withApp(templates: shippedTemplates, configure: { $0.maxBodyBytes = 4096 }) { client, token, _ in
            let cases: [([String: Any], HTTPResponse.Status, String)] = [
                (["zpl": 42], .badRequest, "zpl"),
                ([:], .badRequest, "zpl"),
                (["zpl": "^XA^XZ", "dpi": 250], .unprocessableContent, "dpi"),
                (["zpl": "^XA^XZ", "dpi": "300"], .badRequest, "dpi"),
                (["zpl": "^XA^XZ", "width": 0], .unprocessableContent, "width"),
                (["zpl": "^XA^XZ", "height": 100_000], .unprocessableContent, "height"),
                (["zpl": "^XA^XZ^XA^XZ", "label": 3], .unprocessableContent, "label"),
                (["zpl": "^XA^XZ", "label": 0], .unprocessableContent, "label"),
                (["zpl": "no format here"], .unprocessableContent, "zpl"),
                (["zpl": "^XA^XZ", "printer": "nope"], .unprocessableContent, "printer"),
                (["zpl": "^XA^XZ", "printer": 7], .badRequest, "printer"),
                (["zpl": "^XA^XZ", "colour": "red"], .badRequest, "colour"),
            ]
            for (body, status, field) in cases {
                let answer = try await client.call(.post, "/v1/preview", token: token, json: body)
                #expect(answer.status == status, "\(body): \(answer.body)")
                let details = (answer.body["error"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["field"] as? String == field, "\(body): \(answer.body)")
            }
            let large = try await client.call(
                .post, "/v1/preview", token: token, json: ["zpl": String(repeating: "^FX", count: 3000)])
            #expect(large.status == .contentTooLarge)
            #expect(
                try await client.call(.post, "/v1/preview", token: "wrong", json: ["zpl": "^XA^XZ"]).status
                    == .unauthorized)
        }
    }

    @Test("a printer gives its model's dpi and printable width")
    func printerModel() async throws {
        try await withApp { client, token in
            try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "line1", "uri": "sim://line1", "model": "zebra-z230-300dpi"])
            let answer = try await client.fetch(
                .post, "/v1/preview", token: token, json: ["zpl": "^XA^FO10,10^GB50,50,2^FS^XZ", "printer": "line1"],
                accept: "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
            #expect(json["width"] as? Int == 1228)
            #expect(json["dpi"] as? Int == 300)
        }
    }

    @Test("a template's label previews as PNG; bad data is 422 as for render, an unknown template 404")
    func templatePreview() async throws {
        try await withApp { client, token in
            let png = try await client.fetch(
                .post, "/v1/templates/product-gs1-2d/preview", token: token,
                json: [
                    "product_name": "Chicken thighs", "gtin": "09501101530003", "net_weight_kg": 1.234,
                    "expiry_date": "2026-12-02", "lot": "L2611220001",
                ])
            #expect(png.status == .ok)
            #expect(png.type == "image/png")
            #expect(Array(png.body.prefix(8)) == pngSignature)
            let bad = try await client.call(
                .post, "/v1/templates/product-gs1/preview", token: token, json: ["gtin": "123"])
            #expect(bad.status == .unprocessableContent)
            #expect(errorCode(bad.body) == "invalid_labels")
            let unknown = try await client.call(.post, "/v1/templates/nope/preview", token: token, json: [:])
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a job's label previews from its stored ZPL, and from its data once the ZPL is pruned")
    func jobLabelPreview() async throws {
        try await withApp(templates: shippedTemplates) { client, token, app in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let id = try await client.submit(printer: "line1", zpl: zplLabels(2), token: token)
            let png = try await client.fetch(.get, "/v1/jobs/\(id)/labels/2/preview", token: token)
            #expect(png.status == .ok)
            #expect(Array(png.body.prefix(8)) == pngSignature)
            let json = try await client.fetch(
                .get, "/v1/jobs/\(id)/labels/2/preview", token: token, accept: "application/json")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any])
            #expect(body["label"] as? Int == 2)
            #expect(try await client.call(.get, "/v1/jobs/\(id)/labels/3/preview", token: token).status == .notFound)
            #expect(try await client.call(.get, "/v1/jobs/\(id)/labels/x/preview", token: token).status == .notFound)
            let unknown = try await client.call(.get, "/v1/jobs/\(UUID())/labels/1/preview", token: token)
            #expect(errorCode(unknown.body) == "job_not_found")

            let lot = try #require(
                try await client.call(.post, "/v1/lots", token: token, json: ["count": 1]).body["lots"] as? [String])
            let job = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "template": "product-gs1", "labels": [productLabel(lot[0])]])
            let templateJob = try #require(job.body["id"] as? String, "\(job.body)")
            // Documents are pruned once their job has ended.
            for ended in [id, templateJob] {
                _ = try await client.waitForJob(ended, token: token) { ($0["status"] as? String) == "completed" }
            }
            _ = try await app.database.withClient { db in
                try await DocumentPruner(client: db, retention: .zero, logger: TestDatabase.logger).pruneOnce()
            }
            let rerendered = try await client.fetch(.get, "/v1/jobs/\(templateJob)/labels/1/preview", token: token)
            #expect(rerendered.status == .ok)
            #expect(Array(rerendered.body.prefix(8)) == pngSignature)
            let pruned = try await client.call(.get, "/v1/jobs/\(id)/labels/1/preview", token: token)
            #expect(pruned.status == .conflict)
            #expect(errorCode(pruned.body) == "cannot_rerender")
        }
    }

    @Test("pre-flight: a template job whose bar code is 40 dots past the right edge is refused naming its field")
    func templateJobPreflight() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The label is 1200 dots wide; the symbol's quiet zone is 10 modules, 30 dots.
        let width = try GS1ElementString([try .gtin("09501101530003")]).code128Modules * 3
        try edgeTemplate(barcodeAt: 1200 + 40 - width).write(
            to: folder.appendingPathComponent("outside.zpl"), atomically: true, encoding: .utf8)
        try edgeTemplate(barcodeAt: 1200 - width - 30 - 10).write(
            to: folder.appendingPathComponent("inside.zpl"), atomically: true, encoding: .utf8)
        try await withApp(templates: folder.path) { client, token, _ in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let labels = [["gtin": "09501101530003"]]
            let refused = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "template": "outside", "labels": labels])
            #expect(refused.status == .unprocessableContent)
            #expect(errorCode(refused.body) == "label_out_of_bounds")
            let details = (refused.body["error"] as? [String: Any])?["details"] as? [String: Any]
            let issue = (details?["labels"] as? [[String: Any]])?.first
            #expect(issue?["label"] as? Int == 1)
            #expect(issue?["field"] as? String == "barcode")
            #expect(issue?["command"] as? String == "^BC")
            #expect(issue?["edge"] as? String == "right")
            #expect(issue?["dots"] as? Int == 40)
            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true, "nothing is queued")
            let render = try await client.call(.post, "/v1/templates/outside/render", token: token, json: labels[0])
            #expect(errorCode(render.body) == "label_out_of_bounds")

            let passed = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "template": "inside", "labels": labels])
            #expect(passed.status == .accepted, "\(passed.body)")
        }
    }

    @Test("pre-flight: a ZPL job is checked when it says preflight: true")
    func zplJobPreflight() async throws {
        try await withApp { client, token in
            try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "line1", "uri": "sim://line1", "model": "zebra-z230-300dpi"])
            let outside = "^XA^PW600^LL400^FO500,50^GB140,100,3^FS^XZ"
            let refused = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": [outside], "preflight": true])
            #expect(errorCode(refused.body) == "label_out_of_bounds")
            let issue =
                (((refused.body["error"] as? [String: Any])?["details"] as? [String: Any])?["labels"]
                as? [[String: Any]])?.first
            #expect(issue?["command"] as? String == "^GB")
            #expect(issue?["dots"] as? Int == 40)
            #expect(issue?["field"] is NSNull)
            let unchecked = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": [outside]])
            #expect(unchecked.status == .accepted)
        }
    }
}
