import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

/// PostgreSQL stopped and started again under a `gateway serve` that is printing: the database of the test's own
/// (the other tests' server is left alone), a `gateway simulate` printer on raw TCP 9100, the HTTP API.
@Suite("Processes: PostgreSQL restarted under a printing gateway", .serialized)
struct DatabaseRestartTests {
    static let window = 4

    @Test(
        "PostgreSQL down mid-job: /ready and submissions answer 503, printing stops within the window, and the job finishes by itself when it is back"
    )
    func restartMidJob() async throws {
        let postgres = try PrivatePostgres.start()
        defer { postgres.remove() }
        let line = try await SimulatedLine.start()
        defer { line.stop() }
        let gateway = try await GatewayServer.start(databaseURL: postgres.url, window: Self.window)
        defer { gateway.stop() }
        try await gateway.addPrinter("line1", uri: "raw9100://127.0.0.1:\(line.port)")
        let id = try await gateway.submit(printer: "line1", zpl: numberedLabels(200))
        _ = try await gateway.waitForJob(id) { $0.printedCount >= 40 }

        try postgres.stop()
        let ready = try await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            try await gateway.call("GET", "/ready").status
        } until: {
            $0 == 503
        }
        #expect(ready == 503, "/ready says the database is away")
        let refused = try await gateway.call("POST", "/v1/jobs", json: ["printer": "line1", "zpl": numberedLabels(1)])
        #expect(refused.status == 503)
        #expect(
            (refused.body["error"] as? [String: Any])?["code"] as? String == "database_unavailable", "\(refused.body)")

        // The engine cannot checkpoint, so it stops sending: once the printer has printed what it holds, nothing
        // more arrives while the database is away.
        try await Task.sleep(for: .seconds(3))
        let settled = try line.printedNumbers()
        try await Task.sleep(for: .seconds(3))
        let later = try line.printedNumbers()
        #expect(later.count == settled.count, "nothing is sent while the database is away")
        #expect(settled.count < 200, "the job was stopped mid-way (\(settled.count) printed)")

        try postgres.restart()
        let repeats = try await gateway.expectCompleted(
            id, labels: 200, on: line, window: Self.window, printer: "line1")
        #expect(try await gateway.call("GET", "/ready").status == 200)
        print("database restart: \(settled.count) printed when the database went away, \(repeats) printed twice")
    }
}
