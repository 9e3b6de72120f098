import Foundation
import Gateway
import Hummingbird
import GatewayTestSupport
import HummingbirdTesting
import Store
import Testing
import TransportSimulated

/// The label data of one product label, with the given lot.
func productLabel(_ lot: String, name: String = "Chicken thighs", weight: Double = 1.234) -> [String: Any] {
    [
        "product_name": name, "gtin": "09501101530003", "net_weight_kg": weight, "production_date": "2026-11-22",
        "expiry_date": "2026-12-02", "lot": lot,
    ]
}

@Suite("Label content over HTTP: templates, lots, escaping, reprints")
struct LabelContentTests {
    @Test("templates are listed and render one label without printing")
    func templatesAndRender() async throws {
        try await withApp { client, token in
            let list = try await client.call(.get, "/v1/templates", token: token)
            let names = (list.body["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["lot-label", "product-gs1", "product-gs1-2d"])
            let product = try await client.call(.get, "/v1/templates/product-gs1", token: token)
            #expect(product.body["dpi"] as? Int == 300)
            #expect((product.body["fields"] as? [[String: Any]])?.count == 6)
            #expect(product.body["load_error"] is NSNull)

            let rendered = try await client.execute(
                uri: "/v1/templates/product-gs1/render", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: productLabel("L1")))
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(rendered.0 == .ok)
            #expect(rendered.1.hasPrefix("^XA^CI28"))
            #expect(rendered.1.contains("(10)L1"))
            let bad = try await client.call(
                .post, "/v1/templates/product-gs1/render", token: token, json: ["gtin": "123", "lot": "L 1"])
            #expect(bad.status == .unprocessableContent)
            #expect(
                try await client.call(.post, "/v1/templates/nope/render", token: token, json: [:]).status == .notFound)
        }
    }

    @Test("lots: allocated unique, bound to the label that prints them, refused to a second original job")
    func lots() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let first = try await client.call(.post, "/v1/lots", token: token, json: ["count": 3])
            #expect(first.status == .created)
            let lots = try #require(first.body["lots"] as? [String])
            let second = try #require(
                try await client.call(.post, "/v1/lots", token: token, json: ["count": 2]).body["lots"] as? [String])
            #expect(Set(lots + second).count == 5)
            #expect(lots.allSatisfy { $0.range(of: #"^L\d{6}\d{4}$"#, options: .regularExpression) != nil })
            #expect(
                try await client.call(.post, "/v1/lots", token: token, json: ["count": 1001]).status
                    == .unprocessableContent)

            let job = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "template": "product-gs1", "labels": lots.map { productLabel($0) }])
            #expect(job.status == .accepted)
            let jobID = try #require(job.body["id"] as? String)
            let lot = try await client.call(.get, "/v1/lots/\(lots[1])", token: token)
            #expect(lot.body["job_id"] as? String == jobID)
            #expect(lot.body["label_number"] as? Int == 2)

            let reuse = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "template": "product-gs1", "labels": [productLabel(lots[0])]])
            #expect(reuse.status == .conflict)
            #expect(errorCode(reuse.body) == "lot_conflict")
            let unknown = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "template": "product-gs1", "labels": [productLabel("L9999999999")]])
            #expect(unknown.status == .conflict)
            let twice = try await client.call(
                .post, "/v1/jobs", token: token,
                json: [
                    "printer": "line1", "template": "product-gs1",
                    "labels": [productLabel(second[0]), productLabel(second[0])],
                ])
            #expect(twice.status == .conflict)
            #expect(try await client.call(.get, "/v1/lots/NOPE", token: token).status == .notFound)
        }
    }

    @Test("a submit with several bad labels names every label and field, and queues nothing")
    func badLabels() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            var labels = (1...6).map { productLabel("L\($0)") }
            labels[1]["gtin"] = "09501101530004"
            labels[3]["net_weight_kg"] = 1000
            labels[3]["expiry_date"] = "2026-13-01"
            labels[5]["product_name"] = nil
            let answer = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "template": "product-gs1", "labels": labels])
            #expect(answer.status == .unprocessableContent)
            let problems =
                ((answer.body["error"] as? [String: Any])?["details"] as? [String: Any])?["labels"] as? [[String: Any]]
                ?? []
            let pairs = Set(
                problems.compactMap { problem -> String? in
                    guard let label = problem["label"] as? Int, let field = problem["field"] as? String else {
                        return nil
                    }
                    return "\(label).\(field)"
                })
            #expect(pairs == ["2.gtin", "4.net_weight_kg", "4.expiry_date", "6.product_name"])
            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a 300 dpi template is refused for a 203 dpi printer before anything is queued")
    func templateMustFit() async throws {
        try await withApp { client, token in
            try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "old", "uri": "sim://old", "model": "zebra-z230-203dpi"])
            let lots = try #require(
                try await client.call(.post, "/v1/lots", token: token, json: ["count": 1]).body["lots"] as? [String])
            let answer = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "old", "template": "product-gs1", "labels": [productLabel(lots[0])]])
            #expect(answer.status == .unprocessableContent)
            #expect(errorCode(answer.body) == "template_does_not_fit")
            #expect(
                (answer.body["error"] as? [String: Any])?["message"] as? String
                    == "template 'product-gs1' is made for 300 dpi; printer model zebra-z230-203dpi prints at 203 dpi")
        }
    }

    @Test("hostile field data prints literally: no control command reaches the printer")
    func injectionEndToEnd() async throws {
        try await withApp(templates: shippedTemplates) { client, token, app in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let hostile = ["^XZ~JA^XA", "~JR", "_5E", "Zürich \u{1}\u{1B}~HS", "Ærø ß ~PS^FS^XZ"]
            let lots = try #require(
                try await client.call(.post, "/v1/lots", token: token, json: ["count": hostile.count]).body["lots"]
                    as? [String])
            let job = try await client.call(
                .post, "/v1/jobs", token: token,
                json: [
                    "printer": "line1", "template": "product-gs1",
                    "labels": zip(hostile, lots).map { productLabel($1, name: $0) },
                ])
            #expect(job.status == .accepted)
            let id = try #require(job.body["id"] as? String)
            let final = try await eventuallyHTTP {
                try await client.call(.get, "/v1/jobs/\(id)", token: token).body
            } until: {
                ($0["status"] as? String) == "completed"
            }
            #expect(final["printed_count"] as? Int == hostile.count)
            let printer = try #require(app.simulators.printer(named: "line1"))
            let printed = await printer.printedLabels
            #expect(printed.count == hostile.count, "each label printed once, none cancelled or added")
            #expect(await printer.controlCommands.isEmpty, "no ~ command reached the printer")
            #expect(printed[0].text.contains("^FH^FD_5EXZ_7EJA_5EXA^FS"))
            #expect(printed[3].text.contains("Zürich _01_1B_7EHS"))
        }
    }

    @Test("a 200-label template job prints, and reprints reuse lots and stored or re-rendered ZPL")
    func templateJobAndReprints() async throws {
        try await withApp(templates: shippedTemplates) { client, token, app in
            try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1?speed_ips=12"])
            let lots = try #require(
                try await client.call(.post, "/v1/lots", token: token, json: ["count": 200]).body["lots"] as? [String])
            let started = ContinuousClock.now
            let job = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "template": "product-gs1", "labels": lots.map { productLabel($0) }])
            #expect(job.status == .accepted)
            let id = try #require(job.body["id"] as? String)
            let done = try await eventuallyHTTP {
                try await client.call(.get, "/v1/jobs/\(id)", token: token).body
            } until: {
                ($0["status"] as? String) == "completed"
            }
            print(
                "template job: 200 labels submitted and confirmed in \(ContinuousClock.now - started) (virtual printer time)"
            )
            #expect(done["printed_count"] as? Int == 200)
            #expect(done["template"] as? String == "product-gs1")

            let reprint = try await client.call(
                .post, "/v1/jobs/\(id)/reprint", token: token, json: ["labels": [47, 48]])
            #expect(reprint.status == .accepted)
            #expect(reprint.body["reprint_of_job_id"] as? String == id)
            #expect(reprint.body["label_count"] as? Int == 2)
            let reprintID = try #require(reprint.body["id"] as? String)
            let labels = try await client.call(.get, "/v1/jobs/\(reprintID)/labels", token: token)
            #expect(
                (labels.body["items"] as? [[String: Any]])?.compactMap { $0["lot"] as? String } == [lots[46], lots[47]])
            #expect(
                try await client.call(.post, "/v1/jobs/\(id)/reprint", token: token, json: ["failed": true]).status
                    == .unprocessableContent)
            #expect(
                try await client.call(.post, "/v1/jobs/\(id)/reprint", token: token, json: ["labels": [201]]).status
                    == .unprocessableContent)

            // Once the stored ZPL is pruned, a reprint renders the label again from its data.
            _ = try await app.database.withClient { db in
                try await DocumentPruner(
                    client: db, retention: .zero, logger: TestDatabase.logger
                ).pruneOnce()
            }
            let again = try await client.call(.post, "/v1/jobs/\(id)/reprint", token: token, json: ["labels": [3]])
            #expect(again.status == .accepted)
            let againID = try #require(again.body["id"] as? String)
            _ = try await eventuallyHTTP {
                try await client.call(.get, "/v1/jobs/\(againID)", token: token).body
            } until: {
                ($0["status"] as? String) == "completed"
            }
            let printer = try #require(app.simulators.printer(named: "line1"))
            let printed = await printer.printedLabels.map(\.text)
            #expect(printed.count == 203)
            #expect(printed[202] == printed[2], "the re-rendered label is the same as the original")
            #expect(printed[200] == printed[46])
        }
    }

    @Test("a template file that breaks keeps its last good version, and says why")
    func hotReload() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("note.zpl")
        let good = "%% dpi 300\n%% size 2x1in\n%% field note string required\n^XA\n^FO10,10^A0N,30,30{{note}}\n^XZ\n"
        try good.write(to: file, atomically: true, encoding: .utf8)
        try await withApp(templates: folder.path) { client, token, _ in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "p", "uri": "sim://p"])
            try "%% dpi 300\n%% size 2x1in\n%% field note string required\n^XA\n^FO10,10{{nte}}\n^XZ\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let broken = try await eventuallyHTTP {
                try await client.call(.get, "/v1/templates/note", token: token).body
            } until: {
                $0["load_error"] is [String: Any]
            }
            let error = try #require(broken["load_error"] as? [String: Any])
            #expect((error["message"] as? String)?.contains("unknown variable 'nte'") == true)
            #expect(error["line"] as? String == "5")
            let job = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "p", "template": "note", "labels": [["note": "still prints"]]])
            #expect(job.status == .accepted, "the last good version keeps printing")

            try good.replacingOccurrences(of: "30,30", with: "40,40").write(to: file, atomically: true, encoding: .utf8)
            _ = try await eventuallyHTTP {
                try await client.call(.get, "/v1/templates/note", token: token).body
            } until: {
                $0["load_error"] is NSNull
            }
        }
    }
}
