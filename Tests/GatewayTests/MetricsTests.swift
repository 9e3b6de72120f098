import Core
import Foundation
import Gateway
import HummingbirdTesting
import ProcessSupport
import Testing

@Suite("Metrics")
struct MetricsTests {
    @Test("a printed job shows in /metrics: labels per printer and site, job times, printer state, HTTP and pool")
    func printedJob() async throws {
        try await withApp { client, token in
            let printer = "metrics-\(UUID().uuidString.prefix(8).lowercased())"
            try await client.call(
                .post, "/v1/printers", token: token, json: ["name": printer, "uri": "sim://\(printer)", "site": "m1"])
            let id = try await client.submit(printer: printer, zpl: zplLabels(3), token: token)
            _ = try await client.waitForJob(id, token: token) { $0["status"] as? String == "completed" }

            let metrics = try await scrape(client)
            let labels = ["printer": printer, "site": "m1"]
            #expect(metrics.value("gateway_labels_printed_total", labels) == 3)
            #expect(metrics.value("gateway_jobs_finished_total", labels.merging(["outcome": "completed"]) { $1 }) == 1)
            #expect(metrics.value("gateway_labels_failed_total", labels) == nil)
            #expect((metrics.value("gateway_job_first_label_seconds_count", ["site": "m1"]) ?? 0) >= 1)
            #expect((metrics.value("gateway_job_completion_seconds_count", ["site": "m1"]) ?? 0) >= 1)
            #expect((metrics.value("gateway_label_confirmation_seconds_count", ["site": "m1"]) ?? 0) >= 3)
            #expect(metrics.value("gateway_jobs", ["status": "completed"]) == 1)
            #expect(metrics.value("gateway_labels_confirmed") == 3)
            #expect(metrics.value("gateway_printer_state", labels.merging(["state": "ready"]) { $1 }) == 1)
            #expect(metrics.value("gateway_printer_state", labels.merging(["state": "offline"]) { $1 }) == 0)
            #expect(metrics.value("gateway_printer_queued_jobs", labels) == 0)
            #expect(metrics.value("gateway_printer_oldest_queued_seconds", labels) == 0)
            #expect(metrics.value("gateway_site_live_gateways", ["site": "m1"]) == 1)
            #expect(metrics.value("gateway_database_up") == 1)
            #expect(
                metrics.value("gateway_database_pool_max_connections")
                    == Double(GatewayConfiguration.defaultDatabaseConnections))
            // The query that read the numbers ran on one of this process's connections.
            #expect((metrics.value("gateway_database_connections", ["state": "active"]) ?? 0) >= 1)
            let submits = metrics.value(
                "gateway_http_requests_total", ["route": "/v1/jobs", "method": "POST", "status": "202"])
            #expect((submits ?? 0) >= 1)
            #expect(
                (metrics.value(
                    "gateway_http_request_duration_seconds_count",
                    ["route": "/v1/jobs/{id}", "method": "GET", "status": "200"]) ?? 0) >= 1)
            try checkWithPromtool(metrics.text)
        }
    }

    @Test("a printer out of paper: its reason, the waiting job and the age of the oldest queued job")
    func paperOut() async throws {
        try await withApp { client, token in
            let printer = "empty-\(UUID().uuidString.prefix(8).lowercased())"
            try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": printer, "uri": "sim://\(printer)?fault=paper_out@1", "site": "m2"])
            let id = try await client.submit(printer: printer, zpl: zplLabels(2), token: token)
            _ = try await client.waitForJob(id, token: token) { $0["waiting_reason"] as? String == "paper_out" }
            let labels = ["printer": printer, "site": "m2"]
            var metrics = try await scrape(client)
            for _ in 0..<40 where metrics.value("gateway_printer_reason", labels) == nil {
                try await Task.sleep(for: .milliseconds(100))
                metrics = try await scrape(client)
            }
            #expect(metrics.value("gateway_printer_reason", labels.merging(["reason": "paper_out"]) { $1 }) == 1)
            #expect(metrics.value("gateway_printer_state", labels.merging(["state": "error"]) { $1 }) == 1)
            #expect(metrics.value("gateway_jobs_waiting", ["reason": "paper_out"]) == 1)
            #expect(metrics.value("gateway_jobs_waiting", ["reason": "head_open"]) == 0)
            #expect(metrics.value("gateway_printer_queued_jobs", labels) == 1)
            #expect(metrics.value("gateway_printer_queued_labels", labels) == 2)
            #expect((metrics.value("gateway_printer_oldest_queued_seconds", labels) ?? 0) > 0)

            // A printer deleted is no longer reported.
            try await client.call(.post, "/v1/jobs/\(id)/cancel", token: token)
            _ = try await client.waitForJob(id, token: token) { $0["status"] as? String == "cancelled" }
            try await client.call(.delete, "/v1/printers/\(printer)", token: token)
            metrics = try await scrape(client)
            #expect(metrics.all("gateway_printer_state").allSatisfy { $0.labels["printer"] != printer })
            try checkWithPromtool(metrics.text)
        }
    }

    private func scrape(_ client: any TestClientProtocol) async throws -> Exposition {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            return Exposition(String(buffer: response.body))
        }
    }
}

/// `promtool check metrics` on an exposition: Prometheus's own linter (names, types, help texts) finds nothing.
func checkWithPromtool(_ exposition: String) throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
    try exposition.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try ChildProcess.run(
        URL(fileURLWithPath: "/bin/sh"), ["-c", "promtool check metrics < '\(file.path)'"], timeout: 30)
    #expect(result.status == 0, "promtool check metrics: \(result.output)")
}
