import Foundation
import GatewayTestSupport
import PostgresNIO
import ProcessSupport
import Testing

/// The outbox: every change of a job or a printer is an event, written in the change's own transaction, listed by
/// `GET /v1/events` and streamed by `GET /v1/events/stream`.
@Suite("Events")
struct EventTests {
    static func items(_ body: [String: Any]) -> [[String: Any]] {
        body["items"] as? [[String: Any]] ?? []
    }

    static func job(_ event: [String: Any]) -> [String: Any] {
        (event["data"] as? [String: Any])?["job"] as? [String: Any] ?? [:]
    }

    @Test("a job's events come in order, each with the job as the API shows it: queued, printing, progress, completed")
    func jobEvents() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let submitted = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "zpl": zplLabels(30), "metadata": ["odoo_id": 7]])
            let id = try #require(submitted.body["id"] as? String)
            _ = try await client.waitForJob(id, token: token) { $0["status"] as? String == "completed" }
            let answer = try await client.call(.get, "/v1/events?limit=500", token: token)
            #expect(answer.status == .ok)
            let all = Self.items(answer.body)
            let sequences = all.compactMap { $0["sequence"] as? Int }
            #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count, "\(sequences)")
            let mine = all.filter { Self.job($0)["id"] as? String == id }
            let types = mine.compactMap { $0["type"] as? String }
            #expect(types.first == "job.queued", "\(types)")
            #expect(types.contains("job.printing"))
            #expect(Array(types.suffix(2)) == ["job.progress", "job.completed"], "\(types)")
            #expect(types.filter { $0 == "job.completed" }.count == 1)
            let last = try #require(mine.last)
            #expect(Self.job(last)["printed_count"] as? Int == 30)
            #expect(Self.job(last)["status"] as? String == "completed")
            #expect((Self.job(last)["metadata"] as? [String: Any])?["odoo_id"] as? Int == 7)
            #expect((last["id"] as? String).flatMap(UUID.init(uuidString:)) != nil)
            #expect((last["created_at"] as? String)?.hasSuffix("Z") == true)
            // The resource in the event is the API's: the same keys as GET /v1/jobs/{id}.
            let shown = try await client.call(.get, "/v1/jobs/\(id)", token: token).body
            #expect(Set(Self.job(last).keys) == Set(shown.keys))
            // The printer's status changes are events too, with the printer as the API shows it.
            let printerEvents = all.filter { $0["type"] as? String == "printer.status" }
            let printer = (printerEvents.first?["data"] as? [String: Any])?["printer"] as? [String: Any]
            #expect(printer?["name"] as? String == "line1", "\(printerEvents)")
            let shownPrinter = try await client.call(.get, "/v1/printers/line1", token: token).body
            #expect(Set(printer?.keys.map { $0 } ?? []) == Set(shownPrinter.keys))
        }
    }

    @Test("?types= filters, ?after= and next_cursor page through, and an unknown type or cursor answers 400")
    func listing() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            for _ in 0..<3 {
                let id = try await client.submit(printer: "line1", zpl: zplLabels(2), token: token)
                _ = try await client.waitForJob(id, token: token) { $0["status"] as? String == "completed" }
            }
            let completed = Self.items(try await client.call(.get, "/v1/events?types=job.completed", token: token).body)
            #expect(completed.count == 3)
            #expect(completed.allSatisfy { $0["type"] as? String == "job.completed" })
            let first = try await client.call(.get, "/v1/events?limit=2", token: token)
            #expect(Self.items(first.body).count == 2)
            let cursor = try #require(first.body["next_cursor"] as? String)
            let second = try await client.call(.get, "/v1/events?after=\(cursor)&limit=500", token: token)
            let firstSequences = Self.items(first.body).compactMap { $0["sequence"] as? Int }
            let secondSequences = Self.items(second.body).compactMap { $0["sequence"] as? Int }
            #expect(secondSequences.first ?? 0 > firstSequences.last ?? 0)
            #expect(second.body["next_cursor"] is NSNull)
            #expect(try await client.call(.get, "/v1/events?types=job.done", token: token).status == .badRequest)
            #expect(try await client.call(.get, "/v1/events?after=-1", token: token).status == .badRequest)
        }
    }

    @Test("an event exists only when its change commits: a refused submit, a rolled-back change and a replay add none")
    func onlyCommitted() async throws {
        try await withApp(templates: shippedTemplates) { client, token, context in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let job = ["printer": "line1", "zpl": ["^XA^FDa^FS^XZ"], "idempotency_key": "once"] as [String: Any]
            let id = try #require(
                try await client.call(.post, "/v1/jobs", token: token, json: job).body["id"] as? String)
            _ = try await client.waitForJob(id, token: token) { $0["status"] as? String == "completed" }
            let before = Self.items(try await client.call(.get, "/v1/events?limit=500", token: token).body).count
            #expect(try await client.call(.post, "/v1/jobs", token: token, json: job).status == .ok, "a replay")
            let refused = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": ["^XA^JUS^XZ"]])
            #expect(refused.status == .unprocessableContent)
            try await context.database.withClient { database in
                do {
                    try await database.withTransaction(logger: TestDatabase.logger) { connection in
                        try await connection.query(
                            "UPDATE gateway.jobs SET status = 'failed' WHERE id = \(UUID(uuidString: id)!)",
                            logger: TestDatabase.logger)
                        throw RolledBack()
                    }
                } catch let error as PostgresTransactionError where error.closureError is RolledBack {}
                // The masking the printer events use, as every answer masks.
                let masked = try await database.query(
                    "SELECT gateway.masked_uri('cups://alice:CupsPw-4411@host/q')", logger: TestDatabase.logger)
                for try await text in masked.decode(String.self) { #expect(text == "cups://alice:***@host/q") }
            }
            let after = Self.items(try await client.call(.get, "/v1/events?limit=500", token: token).body).count
            #expect(after == before, "no event without a committed change")
        }
    }

    struct RolledBack: Error {}

    @Test("the stream sends new events as they come and, after a reconnection with Last-Event-ID, what was missed")
    func stream() async throws {
        try await withApp(templates: shippedTemplates, setup: .live) { client, token, _ in
            let port = try #require(client.port)
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let watcher = try RawConnection(port: port)
            watcher.send(
                "GET /v1/events/stream?types=job.queued,job.completed HTTP/1.1\r\nHost: gateway\r\n"
                    + "Authorization: Bearer \(token)\r\n\r\n")
            let opened = watcher.read(timeout: .seconds(2)).text
            #expect(opened.hasPrefix("HTTP/1.1 200"), "\(opened)")
            #expect(opened.lowercased().contains("content-type: text/event-stream"))
            let first = try await client.submit(printer: "line1", zpl: zplLabels(2), token: token)
            _ = try await client.waitForJob(first, token: token) { $0["status"] as? String == "completed" }
            let liveText = watcher.read(timeout: .seconds(3)).text
            let live = Self.frames(liveText)
            #expect(live.map(\.event) == ["job.queued", "job.completed"], "\(liveText)")
            #expect(live.allSatisfy { $0.data.contains(first.lowercased()) })
            let lastSeen = try #require(live.last?.id)

            // Gone while a second job prints; back with Last-Event-ID: exactly the missed events.
            let second = try await client.submit(printer: "line1", zpl: zplLabels(2), token: token)
            _ = try await client.waitForJob(second, token: token) { $0["status"] as? String == "completed" }
            let again = try RawConnection(port: port)
            again.send(
                "GET /v1/events/stream?types=job.queued,job.completed HTTP/1.1\r\nHost: gateway\r\n"
                    + "Authorization: Bearer \(token)\r\nLast-Event-ID: \(lastSeen)\r\n\r\n")
            let missed = Self.frames(again.read(timeout: .seconds(3)).text)
            #expect(missed.map(\.event) == ["job.queued", "job.completed"], "\(missed)")
            #expect(missed.allSatisfy { $0.data.contains(second.lowercased()) && $0.id > lastSeen })
        }
    }

    @Test("a quiet stream gets a heartbeat comment")
    func heartbeat() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live, configure: { $0.eventHeartbeat = .milliseconds(300) }
        ) {
            client, token, _ in
            let watcher = try RawConnection(port: try #require(client.port))
            watcher.send("GET /v1/events/stream HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer \(token)\r\n\r\n")
            let text = watcher.read(timeout: .seconds(2)).text
            #expect(text.components(separatedBy: ": heartbeat").count - 1 >= 2, "\(text)")
        }
    }

    /// The events of an SSE text: `id`, `event` and `data` of each.
    static func frames(_ text: String) -> [(id: Int, event: String, data: String)] {
        // The chunked framing's CRLFs, read as single characters, would hide the line breaks next to them.
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { block in
            var id: Int?
            var event: String?
            var data: String?
            for line in block.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            guard let id, let event, let data else { return nil }
            return (id, event, data)
        }
    }
}
