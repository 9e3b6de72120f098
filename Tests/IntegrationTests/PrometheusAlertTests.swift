import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Debian's `prometheus` against a running `gateway serve`, with the rules of deploy/monitoring as shipped.
@Suite("Monitoring: a real Prometheus scrapes the gateway and evaluates the shipped alert rules", .serialized)
struct PrometheusAlertTests {
    static let monitoring = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/monitoring")

    @Test("a printer out of paper: Prometheus shows GatewayPrinterPaperOut pending; every dashboard query runs")
    func paperOutAlertPending() async throws {
        try await withTestDatabase { database in
            let gateway = try await GatewayServer.start(databaseURL: database.url)
            defer { gateway.stop() }
            let created = try await gateway.call(
                "POST", "/v1/printers",
                json: ["name": "empty", "uri": "sim://empty?fault=paper_out@1", "site": "plant-a"])
            #expect(created.status == 201)
            let job = try await gateway.call(
                "POST", "/v1/jobs", json: ["printer": "empty", "zpl": ["^XA^FDone^FS^XZ", "^XA^FDtwo^FS^XZ"]])
            #expect(job.status == 202)

            let prometheus = try PrometheusServer.start(scraping: gateway.base, rules: Self.monitoring)
            defer { prometheus.stop() }
            let alert = try await eventually(timeout: .seconds(90), every: .milliseconds(500)) {
                try await prometheus.alerts().first { $0.name == "GatewayPrinterPaperOut" }
            } until: {
                $0?.state == "pending"
            }
            let all = try await prometheus.alerts()
            #expect(alert?.state == "pending", "alerts: \(all)")
            #expect(alert?.labels["printer"] == "empty")
            #expect(alert?.labels["site"] == "plant-a")
            #expect(alert?.labels["severity"] == "warning")
            // The printer is not offline, and the database answers: those rules stay quiet.
            let names = all.map(\.name)
            #expect(!names.contains("GatewayPrinterOffline"))
            #expect(!names.contains("GatewayDatabaseUnreachable"))

            // Every query of the Grafana dashboard is valid PromQL that Prometheus evaluates.
            let dashboard = try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.monitoring.appendingPathComponent("grafana/print-gateway.json")))
            let panels = (dashboard as? [String: Any])?["panels"] as? [[String: Any]] ?? []
            let queries = panels.flatMap {
                ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
            }
            #expect(queries.count >= 16)
            for query in queries {
                let answer = try await prometheus.query(query.replacing("$site", with: ".*"))
                #expect(answer == "success", "\(query): \(answer)")
            }
        }
    }
}

/// A private `prometheus` on loopback: scrapes one gateway every second and evaluates `rules/*.yml` every second.
struct PrometheusServer {
    struct Alert {
        let name: String
        let state: String
        let labels: [String: String]
    }

    let process: ChildProcess
    let base: URL
    let directory: URL

    static func start(scraping gateway: URL, rules monitoring: URL) throws -> PrometheusServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rules = monitoring.appendingPathComponent("rules/gateway-alerts.yml").path
        let target = "\(gateway.host ?? "127.0.0.1"):\(gateway.port ?? 80)"
        let configuration = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["\(rules)"]
            scrape_configs:
              - job_name: print-gateway
                static_configs:
                  - targets: ["\(target)"]
                    labels: {site: plant-a}
            """
        let file = directory.appendingPathComponent("prometheus.yml")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        let port = try freeLoopbackPort()
        let process = ChildProcess(
            URL(fileURLWithPath: "/usr/bin/prometheus"),
            [
                "--config.file=\(file.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)",
            ])
        process.process.standardOutput = FileHandle.nullDevice
        process.process.standardError = FileHandle.nullDevice
        try process.start()
        return PrometheusServer(process: process, base: URL(string: "http://127.0.0.1:\(port)")!, directory: directory)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `GET /api/v1/alerts`: the alerts pending or firing (empty while Prometheus is starting).
    func alerts() async throws -> [Alert] {
        guard let body = try? await get("/api/v1/alerts"),
            let data = body["data"] as? [String: Any], let alerts = data["alerts"] as? [[String: Any]]
        else { return [] }
        return alerts.map { alert in
            let labels = alert["labels"] as? [String: String] ?? [:]
            return Alert(name: labels["alertname"] ?? "", state: alert["state"] as? String ?? "", labels: labels)
        }
    }

    /// `GET /api/v1/query`: the answer's status (`success`, or the error Prometheus gives).
    func query(_ promql: String) async throws -> String {
        var components = URLComponents(
            url: base.appendingPathComponent("api/v1/query"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        // A form-encoded query reads `+` as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacing("+", with: "%2B")
        let body = try await get(components.url!)
        return body["status"] as? String == "success" ? "success" : "\(body["error"] ?? body)"
    }

    private func get(_ path: String) async throws -> [String: Any] { try await get(base.appendingPathComponent(path)) }

    private func get(_ url: URL) async throws -> [String: Any] {
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
