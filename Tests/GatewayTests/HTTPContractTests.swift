import Core
import Foundation
import Gateway
import HummingbirdTesting
import Testing
import TransportUSB
import TransportRaw9100
import TransportCUPS

@Suite("HTTP contract")
struct HTTPContractTests {
    @Test("health and readiness need no token")
    func health() async throws {
        try await withApp { client, _ in
            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.status == .ok)
            #expect(health.body["status"] as? String == "ok")
            // Readiness follows the database; on a loaded machine the first probe may still be on its way.
            var ready = try await client.call(.get, "/ready", token: nil)
            for _ in 0..<20 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(250))
                ready = try await client.call(.get, "/ready", token: nil)
            }
            #expect(ready.status == .ok)
            #expect((ready.body["components"] as? [String: String])?["database"] == "ok")
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("gateway_jobs"))
        }
    }

    @Test("v1 routes refuse a missing, malformed, forged or expired token with 401")
    func authentication() async throws {
        try await withApp { client, _ in
            let forged = try await testToken(subject: "mallory", secret: "another-secret-0123456789-0123456789")
            let expired = try await testToken(subject: "old", lifetime: -(GatewayTokens.leeway + 10))
            let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
            for token in [nil, "not-a-jwt", forged, expired, unsigned] {
                let answer = try await client.call(.get, "/v1/printers", token: token)
                #expect(answer.status == .unauthorized, "token \(token ?? "none")")
                #expect(errorCode(answer.body) == "unauthorized")
                #expect((answer.body["error"] as? [String: Any])?["message"] is String)
            }
        }
    }

    @Test("printers: create, read with status, patch, delete; bad input is 4xx with the error shape")
    func printers() async throws {
        try await withApp { client, token in
            let created = try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "line1", "uri": "sim://line1", "site": "plant-a", "description": "packing"])
            #expect(created.status == .created)
            #expect(created.body["uri"] as? String == "sim://line1")
            #expect(created.body["model"] as? String == "zebra-z230-300dpi")
            // Not asked yet, or already asked by the printer monitor (which may run between the insert and the read).
            let state = (created.body["status"] as? [String: Any])?["state"] as? String
            #expect(state == "unknown" || state == "ready", "state \(state ?? "none")")

            let duplicate = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://x"])
            #expect(duplicate.status == .conflict)
            let badScheme = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "p2", "uri": "ftp://x"])
            #expect(badScheme.status == .unprocessableContent)
            #expect(errorCode(badScheme.body) == "invalid_uri")
            let badURI = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "p3", "uri": "nonsense"])
            #expect(badURI.status == .unprocessableContent)
            let badModel = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "p4", "uri": "sim://p4", "model": "zebra-zz9"])
            #expect(badModel.status == .unprocessableContent)
            #expect(errorCode(badModel.body) == "unknown_model")

            let patched = try await client.call(
                .patch, "/v1/printers/line1", token: token, json: ["uri": "sim://other", "enabled": false])
            #expect(patched.status == .ok)
            #expect(patched.body["uri"] as? String == "sim://other")
            #expect(patched.body["enabled"] as? Bool == false)

            let list = try await client.call(.get, "/v1/printers", token: token)
            #expect((list.body["items"] as? [[String: Any]])?.count == 1)
            let models = try await client.call(.get, "/v1/printer-models", token: token)
            let model = (models.body["items"] as? [[String: Any]])?.first {
                $0["name"] as? String == "zebra-z230-300dpi"
            }
            #expect(model?["dpi"] as? Int == 300)

            #expect(try await client.call(.delete, "/v1/printers/line1", token: token).status == .noContent)
            let gone = try await client.call(.get, "/v1/printers/line1", token: token)
            #expect(gone.status == .notFound)
            #expect(errorCode(gone.body) == "printer_not_found")
        }
    }

    @Test("job submission errors: malformed JSON 400, unknown printer 422, too many labels 413, bad labels 422")
    func submissionErrors() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])

            let malformed = try await client.call(
                .post, "/v1/jobs", token: token, raw: #"{"printer": "line1", "zpl": ["#)
            #expect(malformed.status == .badRequest)
            #expect(errorCode(malformed.body) == "malformed_request")
            let wrongType = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": 7, "zpl": ["^XA^XZ"]])
            #expect(wrongType.status == .badRequest)

            let unknown = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "nope", "zpl": zplLabels(1)])
            #expect(unknown.status == .unprocessableContent)
            #expect(errorCode(unknown.body) == "unknown_printer")

            let tooMany = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": zplLabels(1001)])
            #expect(tooMany.status == .contentTooLarge)
            #expect(errorCode(tooMany.body) == "too_many_labels")
            let tooManyCopies = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": zplLabels(500), "copies": 3])
            #expect(tooManyCopies.status == .contentTooLarge)

            var labels = zplLabels(5)
            labels[1] = "^XA^FDno end"
            labels[3] = "^XA^FD~JA^FS^XZ"
            let bad = try await client.call(.post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": labels])
            #expect(bad.status == .unprocessableContent)
            // A refused command names the error; the malformed label is listed beside it.
            #expect(errorCode(bad.body) == "zpl_command_not_allowed")
            let problems =
                ((bad.body["error"] as? [String: Any])?["details"] as? [String: Any])?["labels"] as? [[String: Any]]
            #expect(problems?.compactMap { $0["label"] as? Int } == [2, 4])
            #expect(problems?.allSatisfy { $0["field"] as? String == "zpl" } == true)

            let template = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "template": "nope", "labels": [["a": 1]]])
            #expect(template.status == .unprocessableContent)
            #expect(errorCode(template.body) == "unknown_template")

            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true, "nothing was queued")
        }
    }

    @Test("jobs: submit, idempotency, read, labels, events, pages, cancel, delete")
    func jobLifecycle() async throws {
        try await withApp { client, token in
            // A paused printer keeps the jobs queued while the routes are exercised.
            try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "slow", "uri": "sim://slow?fault=pause@1"])
            let first = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "slow", "zpl": zplLabels(3), "idempotency_key": "mo-1"])
            #expect(first.status == .accepted)
            let id = try #require(first.body["id"] as? String)
            #expect(first.body["label_count"] as? Int == 3)
            #expect(first.body["printed_count"] as? Int == 0)
            #expect(first.body["confirmation"] as? String == "printed")
            let again = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "slow", "zpl": zplLabels(9), "idempotency_key": "mo-1"])
            #expect(again.status == .ok)
            #expect(again.body["id"] as? String == id)

            for index in 0..<4 {
                try await client.call(
                    .post, "/v1/jobs", token: token, json: ["printer": "slow", "zpl": zplLabels(1 + index)])
            }
            var seen: [String] = []
            var cursor: String? = nil
            repeat {
                let page = try await client.call(
                    .get, "/v1/jobs?printer=slow&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                #expect(page.status == .ok)
                seen += (page.body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page.body["next_cursor"] as? String
            } while cursor != nil
            #expect(seen.count == 5)
            #expect(seen.last == id, "newest first")
            #expect(try await client.call(.get, "/v1/jobs?status=bogus", token: token).status == .badRequest)

            let shown = try await client.call(.get, "/v1/jobs/\(id)", token: token)
            #expect(shown.body["idempotency_key"] as? String == "mo-1")
            let labels = try await client.call(.get, "/v1/jobs/\(id)/labels", token: token)
            #expect((labels.body["items"] as? [[String: Any]])?.map { $0["number"] as? Int } == [1, 2, 3])

            let cancelled = try await client.call(.post, "/v1/jobs/\(id)/cancel", token: token)
            #expect(cancelled.status == .ok)
            #expect(cancelled.body["status"] as? String == "cancelled")
            let cancelAgain = try await client.call(.post, "/v1/jobs/\(id)/cancel", token: token)
            #expect(cancelAgain.status == .ok)
            let events = try await client.call(.get, "/v1/jobs/\(id)/events", token: token)
            let kinds = (events.body["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.first == "created")
            #expect(kinds.contains("cancel_requested"))

            #expect(try await client.call(.delete, "/v1/jobs/\(id)", token: token).status == .noContent)
            #expect(try await client.call(.get, "/v1/jobs/\(id)", token: token).status == .notFound)
            #expect(try await client.call(.get, "/v1/jobs/not-a-uuid", token: token).status == .notFound)
            let missing = try await client.call(.get, "/v1/jobs/\(UUID().uuidString)", token: token)
            #expect(errorCode(missing.body) == "job_not_found")
            let noRoute = try await client.call(.get, "/v1/nothing-here", token: token)
            #expect(noRoute.status == .notFound)
            #expect(errorCode(noRoute.body) != nil)
        }
    }

    @Test("printers show a live status: ready, offline, or the fault that stops a job")
    func idlePrinterStatus() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "ok", "uri": "sim://ok"])
            try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "empty", "uri": "sim://empty?fault=paper_out@1"])
            try await client.call(.post, "/v1/jobs", token: token, json: ["printer": "empty", "zpl": zplLabels(2)])
            try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "gone", "uri": "sim://gone?fault=refuse=99999"])
            func state(_ name: String, becomes expected: String) async throws -> [String: Any] {
                let body = try await eventuallyHTTP {
                    try await client.call(.get, "/v1/printers/\(name)", token: token).body
                } until: {
                    (($0["status"] as? [String: Any])?["state"] as? String) == expected
                }
                return body["status"] as? [String: Any] ?? [:]
            }
            #expect(try await state("ok", becomes: "ready")["state"] as? String == "ready")
            let empty = try await state("empty", becomes: "error")
            #expect(empty["state"] as? String == "error")
            #expect((empty["reasons"] as? [String])?.contains("paper_out") == true)
            #expect(empty["checked_at"] is String)
            #expect(try await state("gone", becomes: "offline")["state"] as? String == "offline")
        }
    }

    @Test("a 200-label job submitted over HTTP ends completed with printed_count 200")
    func twoHundredLabels() async throws {
        try await withApp { client, token in
            try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1?label_dots=600"])
            let submitted = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": zplLabels(200)])
            #expect(submitted.status == .accepted)
            let id = try #require(submitted.body["id"] as? String)
            let final = try await eventuallyHTTP {
                try await client.call(.get, "/v1/jobs/\(id)", token: token).body
            } until: {
                ($0["status"] as? String) == "completed"
            }
            #expect(final["printed_count"] as? Int == 200)
            #expect(final["failed_count"] as? Int == 0)
            let printer = try await client.call(.get, "/v1/printers/line1", token: token)
            #expect((printer.body["status"] as? [String: Any])?["state"] as? String == "ready")
        }
    }
}

/// Polls an HTTP answer until it satisfies `condition` (60 s at most).
func eventuallyHTTP(
    _ probe: () async throws -> [String: Any], until condition: ([String: Any]) -> Bool
) async throws -> [String: Any] {
    let deadline = ContinuousClock.now + .seconds(60)
    var value = try await probe()
    while !condition(value), ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
        value = try await probe()
    }
    return value
}

@Suite("Printer discovery over HTTP")
struct DiscoveryHTTPTests {
    @Test("GET /v1/printers/discover reports every kind of transport, saying plainly what it found or why not")
    func discover() async throws {
        // The transports a gateway links, each offering its discoverer through the registry.
        let real: (VirtualClock) -> [any TransportFactory] = { clock in
            [
                CUPSTransportFactory(clock: clock), USBTransportFactory(backend: LibUSBBackend(), clock: clock),
                Raw9100TransportFactory(clock: clock),
            ]
        }
        try await withApp(templates: shippedTemplates, transports: real) { client, token, _ in
            let answer = try await client.call(.get, "/v1/printers/discover?hosts=127.0.0.1:9", token: token)
            #expect(answer.status == .ok)
            let reports = answer.body["reports"] as? [[String: Any]] ?? []
            #expect(reports.compactMap { $0["transport"] as? String } == ["cups", "usb", "raw9100"])
            #expect(reports.allSatisfy { ($0["note"] as? String)?.isEmpty == false })
            let raw = reports.first { $0["transport"] as? String == "raw9100" }
            #expect((raw?["printers"] as? [Any])?.isEmpty == true)
            let bad = try await client.call(.get, "/v1/printers/discover?subnet=10.0.0.0/8", token: token)
            #expect(bad.status == .badRequest)
            #expect(try await client.call(.get, "/v1/printers/discover", token: nil).status == .unauthorized)
        }
    }
}
