import Foundation
import GatewayTestSupport
import PostgresNIO
import ProcessSupport
import Testing

/// A webhook receiver process (Python's `http.server`): it appends `{"id", "body"}` for each request to a file and
/// answers 200 after `delay` seconds, so deliveries are in flight for a while.
struct SlowReceiver {
    static let script = """
        import http.server, json, sys, time
        port, path, delay = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(delay)
                with open(path, "a") as out:
                    out.write(json.dumps({"id": self.headers["Gateway-Event-Id"], "body": body.decode()}) + "\\n")
                self.send_response(200)
                self.end_headers()
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
        """

    let process: ChildProcess
    let port: Int
    let file: URL

    static func start(delay: Double) throws -> SlowReceiver {
        let port = try freeLoopbackPort()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let process = ChildProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, "\(port)", file.path, "\(delay)"])
        try process.start()
        return SlowReceiver(process: process, port: port, file: file)
    }

    /// What arrived so far: each request's event id and body, in arrival order.
    func received() -> [(id: String, body: String)] {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                let id = object["id"], let body = object["body"]
            else { return nil }
            return (id, body)
        }
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: file)
    }
}

@Suite("Processes: webhook deliveries across a crash", .serialized)
struct WebhookCrashTests {
    @Test("a gateway killed with SIGKILL while deliveries are in flight: another delivers the rest, none is missing")
    func killMidDelivery() async throws {
        try await withTestDatabase { database in
            let receiver = try SlowReceiver.start(delay: 0.3)
            defer { receiver.stop() }
            let environment = ["GATEWAY_WEBHOOK_ALLOW_LOOPBACK": "true"]
            let first = try await GatewayServer.start(
                databaseURL: database.url, owner: "gw-a", environment: environment)
            defer { first.stop() }
            let made = try await first.call(
                "POST", "/v1/webhooks",
                json: [
                    "url": "http://127.0.0.1:\(receiver.port)/hook",
                    "events": ["job.queued", "job.printing", "job.progress", "job.completed"],
                ])
            #expect(made.status == 201, "\(made.body)")
            let printer = try await first.call("POST", "/v1/printers", json: ["name": "line1", "uri": "sim://line1"])
            #expect(printer.status == 201, "\(printer.body)")
            for _ in 0..<4 {
                let job = try await first.call(
                    "POST", "/v1/jobs", json: ["printer": "line1", "zpl": ["^XA^FDone^FS^XZ", "^XA^FDtwo^FS^XZ"]])
                #expect(job.status == 201 || job.status == 202, "\(job.body)")
            }
            // Some have arrived, more are on their way: the gateway dies.
            _ = try await eventually(timeout: .seconds(30)) {
                receiver.received().count
            } until: {
                $0 >= 2
            }
            first.process.kill()
            let killedAt = ContinuousClock.now
            let second = try await GatewayServer.start(
                databaseURL: database.url, owner: "gw-b", environment: environment)
            defer { second.stop() }

            // The survivor takes the printer over once the dead one's lease runs out, and finishes the jobs.
            let events = try await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
                try await database.withClient { client in
                    try await client.query(
                        """
                        SELECT id, type FROM gateway.events
                        WHERE type IN ('job.queued', 'job.printing', 'job.progress', 'job.completed') ORDER BY sequence
                        """, logger: TestDatabase.logger
                    ).collect().map { row in
                        let (id, type) = try row.decode((UUID, String).self)
                        return (id: id.uuidString.lowercased(), type: type)
                    }
                }
            } until: {
                $0.filter { $0.type == "job.completed" }.count == 4
            }
            let expected = events.map(\.id)
            #expect(expected.count >= 12)
            let arrived = try await eventually(timeout: .seconds(90), every: .milliseconds(200)) {
                receiver.received()
            } until: {
                Set($0.map(\.id)).isSuperset(of: expected)
            }
            let ids = arrived.map(\.id)
            #expect(Set(ids) == Set(expected), "every event arrived, and only those")
            // A duplicate is the same event: the same id carries the same body.
            let bodies = Dictionary(grouping: arrived, by: \.id).mapValues { Set($0.map(\.body)) }
            #expect(bodies.values.allSatisfy { $0.count == 1 })
            print(
                "webhook crash test: \(expected.count) events, \(ids.count) requests (\(ids.count - Set(ids).count) duplicates), all delivered \(ContinuousClock.now - killedAt) after the kill"
            )
        }
    }
}
