import Foundation
import GatewayTestSupport
import Store
import Testing

/// Who did what (the token's subject on jobs and events, an access log line per request) and no printer password
/// in any answer, event or log line, seen from outside a real `gateway serve` as an operator would.
@Suite("Processes: who did what, and no password in sight")
struct AuditTests {
    static let password = "CupsPw-4411"

    @Test("submitted_by and actor carry the token's subject; the log has one access line per request; no password")
    func audit() async throws {
        try await withTestDatabase { database in
            let gateway = try await GatewayServer.start(databaseURL: database.url, environment: ["LOG_LEVEL": "info"])
            defer { gateway.stop() }
            // A CUPS server that is not there: the engine claims the job, tries, and logs why it waits.
            try await gateway.addPrinter("guarded", uri: "cups://alice:\(Self.password)@127.0.0.1:1/line")
            let shown = try await gateway.call("GET", "/v1/printers/guarded")
            #expect(shown.body["uri"] as? String == "cups://alice:***@127.0.0.1:1/line")
            let listed = try await gateway.call("GET", "/v1/printers")
            #expect(!"\(listed.body)".contains(Self.password))

            let id = try await gateway.submit(printer: "guarded", zpl: ["^XA^FDx^FS^XZ"])
            _ = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
                let answer = try? await gateway.call("GET", "/v1/jobs/\(id)/events")
                return Self.events(answer?.body).contains { $0["kind"] as? String == "claimed" }
            } until: {
                $0
            }
            let events = Self.events(try await gateway.call("GET", "/v1/jobs/\(id)/events").body)
            let claim = try #require(events.first { $0["kind"] as? String == "claimed" })
            #expect((claim["data"] as? [String: String])?["uri"] == "cups://alice:***@127.0.0.1:1/line")
            #expect(claim["actor"] is NSNull, "the engine claims by itself")
            let created = try #require(events.first { $0["kind"] as? String == "created" })
            #expect(created["actor"] as? String == "integration-tests")
            #expect(
                try await gateway.call("GET", "/v1/jobs/\(id)").body["submitted_by"] as? String == "integration-tests")

            #expect(try await gateway.call("POST", "/v1/jobs/\(id)/cancel").status == 200)
            let after = Self.events(try await gateway.call("GET", "/v1/jobs/\(id)/events").body)
            #expect(
                after.first { $0["kind"] as? String == "cancel_requested" }?["actor"] as? String == "integration-tests")

            // The URI as shown, sent back in a PATCH, keeps the stored password rather than storing the mask.
            let patched = try await gateway.call(
                "PATCH", "/v1/printers/guarded",
                json: ["uri": "cups://alice:***@127.0.0.1:1/line", "description": "line 1"])
            #expect(patched.status == 200)
            let stored = try await database.withClient { client in
                try await PrinterRepository(client: client, logger: TestDatabase.logger).find(name: "guarded")
            }
            #expect(stored?.printer.uri == "cups://alice:\(Self.password)@127.0.0.1:1/line")
            #expect(stored?.printer.description == "line 1")

            let lines = try await eventually(timeout: .seconds(10)) {
                gateway.process.logLines.all
            } until: { lines in
                lines.contains { $0.contains("http.route=/v1/printers/{name}") && $0.contains("http.method=PATCH") }
            }
            #expect(!lines.isEmpty)
            for line in lines {
                #expect(!line.contains(Self.password), "\(line)")
                #expect(!line.contains(gateway.token), "a token in the log: \(line)")
            }
            let access = lines.filter {
                $0.contains(" request ") || $0.hasSuffix(" request") || $0.contains(": request")
            }
            let submit = try #require(
                access.first { $0.contains("http.method=POST") && $0.contains("http.route=/v1/jobs") },
                "\(access)")
            #expect(submit.contains("http.status=202"))
            #expect(submit.contains("subject=integration-tests"))
            #expect(submit.contains("client=127.0.0.1"))
            #expect(submit.contains("duration_ms="))
            #expect(!access.contains { $0.contains(id) }, "routes are logged as patterns, not paths with ids")
        }
    }

    static func events(_ body: [String: Any]?) -> [[String: Any]] {
        body?["items"] as? [[String: Any]] ?? []
    }
}
