import Foundation
import GatewayTestSupport
import Logging
import PostgresNIO
import ProcessSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The dashboard in a real browser (headless Chromium through chromedriver) against a real `gateway serve` on a
/// real PostgreSQL: printers out of paper, printing and disabled, jobs in every state. Each page's screenshot is
/// written under `.data/dashboard/`.
@Suite("Dashboard in a browser", .serialized)
struct DashboardBrowserTests {
    static let hostile = "<img src=x onerror=document.title='pwned'>"
    static var screenshots: String {
        let root =
            ProcessInfo.processInfo.environment["GATEWAY_DATA_DIR"]
            ?? FileManager.default.currentDirectoryPath + "/.data"
        return root + "/dashboard"
    }

    @Test("a foreman sees which printer is out of paper, why jobs wait, and every job down to the oldest")
    func browse() async throws {
        try await withTestDatabase { database in
            let dashboardPort = try freeLoopbackPort()
            let server = try await GatewayServer.start(
                databaseURL: database.url, owner: "gw-dashboard",
                environment: ["GATEWAY_DASHBOARD_ADDRESS": "127.0.0.1:\(dashboardPort)"])
            defer { server.stop() }
            let site = URL(string: "http://127.0.0.1:\(dashboardPort)")!
            let jobs = try await Self.fill(server: server, database: database)
            let browser = try await WebDriver.start()
            do {
                try await Self.check(browser, site: site, server: server, jobs: jobs)
                await browser.quit()
            } catch {
                try? await browser.screenshot(to: Self.screenshots + "/failure.png")
                await browser.quit()
                throw error
            }
        }
    }

    /// The jobs the checks look for.
    struct Jobs {
        let paper: String
        let disabled: String
        let hostile: String
        let oldest: String
        let lotJob: String
    }

    /// Printers in different states and jobs in every state: through the API where the engine must act, in SQL
    /// for a long history and for endings that take time to reach.
    static func fill(server: GatewayServer, database: TestDatabase) async throws -> Jobs {
        try await server.addPrinter("paper", uri: "sim://paper?fault=paper_out@5")
        try await server.addPrinter("busy", uri: "sim://busy?speed_ips=0.05")
        try await server.addPrinter("off", uri: "sim://off")
        try await server.addPrinter("fast", uri: "sim://fast")
        let disabling = try await server.call("PATCH", "/v1/printers/off", json: ["enabled": false])
        #expect(disabling.status == 200)
        let paper = try await server.submit(printer: "paper", zpl: labels(10, "Paper"))
        let busy = try await server.submit(printer: "busy", zpl: labels(30, "Busy"))
        let disabled = try await server.submit(printer: "off", zpl: labels(2, "Off"))
        let cancelled = try await server.submit(printer: "off", zpl: labels(2, "Cancelled"))
        #expect(try await server.call("POST", "/v1/jobs/\(cancelled)/cancel").status == 200)
        let (status, body) = try await server.call(
            "POST", "/v1/jobs",
            json: [
                "printer": "fast", "zpl": ["^XA^FO50,50^A0N,40,40^FD\(hostile)^FS^XZ"],
                "metadata": ["product": hostile],
            ])
        let hostileJob = try #require(body["id"] as? String, "POST /v1/jobs answered \(status): \(body)")
        let waiting = try await server.waitForJob(paper, timeout: .seconds(60)) { $0.waitingReason == "paper_out" }
        #expect(waiting.waitingReason == "paper_out")
        _ = try await server.waitForJob(busy, timeout: .seconds(30)) { $0.status == "printing" }
        _ = try await server.waitForJob(hostileJob, timeout: .seconds(30)) { $0.status == "completed" }
        let history = try await database.withClient { client in
            try await client.query(
                """
                WITH old AS (
                    INSERT INTO gateway.jobs (printer_id, status, label_count, labels_done, labels_sent, failed_count,
                                              attempts, last_error, created_at, completed_at)
                    SELECT p.id, CASE WHEN n % 25 = 0 THEN 'failed' ELSE 'completed' END, 3,
                           CASE WHEN n % 25 = 0 THEN 0 WHEN n % 10 = 0 THEN 2 ELSE 3 END, 3,
                           CASE WHEN n % 25 = 0 THEN 3 WHEN n % 10 = 0 THEN 1 ELSE 0 END, 1,
                           CASE WHEN n % 10 = 0 OR n % 25 = 0 THEN 'the printer reset' END,
                           now() - make_interval(hours => 200 - n), now() - make_interval(hours => 200 - n)
                    FROM gateway.printers p, generate_series(1, 110) AS n WHERE p.name = 'fast'
                    RETURNING id, created_at
                )
                INSERT INTO gateway.job_labels (job_id, number, status, lot, printed_at)
                SELECT o.id, k, 'printed', 'OLD' || to_char(o.created_at, 'YYYYMMDDHH24') || '-' || k, o.created_at
                FROM old o, generate_series(1, 3) AS k
                """, logger: TestDatabase.logger)
            let rows = try await client.query(
                """
                SELECT j.id, (SELECT lot FROM gateway.job_labels WHERE job_id = j.id AND number = 2)
                FROM gateway.jobs j JOIN gateway.printers p ON p.id = j.printer_id
                WHERE p.name = 'fast' AND j.idempotency_key IS NULL AND j.created_at < now() - interval '1 hour'
                ORDER BY j.created_at
                """, logger: TestDatabase.logger
            ).collect()
            return try rows.map { try $0.decode((UUID, String).self) }
        }
        #expect(history.count == 110)
        return Jobs(
            paper: paper, disabled: disabled, hostile: hostileJob,
            oldest: history[0].0.uuidString.lowercased(),
            lotJob: history[40].0.uuidString.lowercased() + "|"
                + history[40].1)
    }

    static func check(_ browser: WebDriver, site: URL, server: GatewayServer, jobs: Jobs) async throws {
        let shots = screenshots
        // The overview: the paper-out printer says so, the disabled one too, the busy one prints.
        try await browser.open(site)
        #expect(try await browser.title().hasPrefix("Overview"))
        let paperTile = try await browser.text(of: "article[data-printer=paper] .headline")
        #expect(paperTile == "Paper out")
        #expect(try await browser.text(of: "article[data-printer=paper] .reasons").contains("paper out"))
        #expect(try await browser.text(of: "article[data-printer=off] .headline") == "Disabled")
        #expect(try await browser.text(of: "article[data-printer=busy] .headline") == "Printing")
        let waitingRows = try await browser.text(of: "#waiting")
        #expect(waitingRows.contains(String(jobs.paper.prefix(8))) && waitingRows.contains("paper out"))
        #expect(waitingRows.contains(String(jobs.disabled.prefix(8))) && waitingRows.contains("printer disabled"))
        #expect(try await browser.text(of: "#troubled").contains("failed"))
        #expect(try await browser.text(of: "#health-line").contains("Database reachable"))
        try await browser.screenshot(to: shots + "/overview.png")

        // The printer's own page.
        try await browser.click(try await browser.element("article[data-printer=paper] h3 a"))
        #expect(try await browser.currentURL().hasSuffix("/printers/paper"))
        #expect(try await browser.text(of: "#printer-headline") == "Paper out")
        #expect(try await browser.text(of: "#printer-reasons").contains("paper out"))
        #expect(try await browser.text(of: "#printed-today") == "4")
        try await browser.screenshot(to: shots + "/printer.png")
        try await browser.open(site.appendingPathComponent("printers"))
        #expect(try await browser.elements("tr.printer").count == 4)
        try await browser.screenshot(to: shots + "/printers.png")

        // The waiting job: its reason, its labels and its history.
        try await browser.open(site.appendingPathComponent("jobs/\(jobs.paper)"))
        #expect(try await browser.text(of: "#waiting-reason") == "paper out")
        #expect(try await browser.elements("table.labels tbody tr").count == 10)
        let printed = try await browser.elements("table.labels tr.printed")
        #expect(printed.count == 4, "labels 1 to 4 printed before the paper ran out")
        let events = try await browser.text(of: "#events")
        #expect(events.contains("created") && events.contains("claimed") && events.contains("waiting"))
        #expect(try await browser.text(of: "pre.zpl").contains("Paper 1"))
        try await browser.screenshot(to: shots + "/job.png")

        // A product name that is markup shows as text, and makes no element.
        try await browser.open(site.appendingPathComponent("jobs/\(jobs.hostile)"))
        #expect(try await browser.text(of: "pre.zpl").contains(hostile))
        #expect(try await browser.text(of: "#fields").contains(hostile), "in the metadata")
        #expect(
            try await browser.elements("img:not(.thumbnail):not(#label-preview)").isEmpty,
            "no image but the label previews")
        #expect(try await browser.title() != "pwned")

        // Search by lot through the form.
        let (lotJob, lot) = try #require(jobs.lotJob.split(separator: "|").map(String.init).pairs)
        try await browser.open(site.appendingPathComponent("jobs"))
        try await browser.type(try await browser.element("input[name=q]"), lot)
        try await browser.click(try await browser.element("#search-button"))
        try await browser.waitForURL { $0.contains("q=\(lot)") }
        let found = try await browser.elements("#job-list tbody tr")
        #expect(found.count == 1)
        #expect(try await browser.attribute(try await browser.element("input[name=q]"), "value") == lot)
        #expect(try await browser.text(of: "#job-list tbody").contains(String(lotJob.prefix(8))))
        try await browser.screenshot(to: shots + "/search.png")

        // Page after page down to the oldest job.
        try await browser.open(site.appendingPathComponent("jobs"))
        try await browser.screenshot(to: shots + "/jobs.png")
        var pages = 1
        while let older = try await browser.elements("#older-page").first, pages < 10 {
            try await browser.click(older)
            pages += 1
        }
        #expect(pages == 3, "115 jobs at 50 a page")
        #expect(try await browser.elements("#oldest-reached").count == 1)
        #expect(try await browser.text(of: "#job-list tbody").contains(String(jobs.oldest.prefix(8))))

        // The refresh button reloads the page: a job submitted meanwhile appears.
        try await browser.open(site.appendingPathComponent("jobs"))
        let before = try await browser.text(of: "#job-list tbody")
        let fresh = try await server.submit(printer: "off", zpl: labels(1, "Fresh"))
        #expect(!before.contains(String(fresh.prefix(8))))
        try await browser.click(try await browser.element("#refresh"))
        #expect(try await browser.text(of: "#job-list tbody").contains(String(fresh.prefix(8))))
        try await browser.click(try await browser.element("#auto-refresh"))
        #expect(try await browser.currentURL().contains("refresh=10"))
        #expect(try await browser.elements("meta[http-equiv=refresh]").count == 1)

        // Health: the gateway, the queue and the chart.
        try await browser.open(site.appendingPathComponent("health"))
        #expect(try await browser.text(of: "#gateways").contains("gw-dashboard"))
        #expect(try await browser.elements("svg.chart g").count == 24)
        try await browser.screenshot(to: shots + "/health.png")
        try await browser.open(site.appendingPathComponent("jobs/\(UUID().uuidString)"))
        #expect(try await browser.text(of: "#problem").contains("404"))
        try await browser.screenshot(to: shots + "/not-found.png")
    }

    @Test(
        "gateway serve refuses a dashboard address that is not loopback unless told, and the dashboard answers POST with 405"
    )
    func refusals() async throws {
        try await withTestDatabase { database in
            let port = try freeLoopbackPort()
            let (status, output) = try ChildProcess.run(
                GatewayProcess.executable, ["serve"],
                environment: [
                    "DATABASE_URL": database.url, "GATEWAY_JWT_SECRET": GatewayServer.secret,
                    "GATEWAY_HTTP_ADDRESS": "127.0.0.1:\(try freeLoopbackPort())",
                    "GATEWAY_DASHBOARD_ADDRESS": "0.0.0.0:\(port)",
                ], timeout: 30)
            #expect(status != 0)
            #expect(output.contains("GATEWAY_DASHBOARD_ADDRESS '0.0.0.0:\(port)' is not a loopback address"))
            #expect(output.contains("GATEWAY_DASHBOARD_ALLOW_REMOTE=true"))

            let server = try await GatewayServer.start(
                databaseURL: database.url,
                environment: ["GATEWAY_DASHBOARD_ADDRESS": "127.0.0.1:\(port)", "LOG_LEVEL": "warning"])
            defer { server.stop() }
            for method in ["POST", "DELETE", "PUT"] {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/jobs")!)
                request.httpMethod = method
                request.httpBody = Data("{}".utf8)
                let (_, response) = try await URLSession.shared.data(for: request)
                let http = try #require(response as? HTTPURLResponse)
                #expect(http.statusCode == 405, "\(method)")
                #expect(http.value(forHTTPHeaderField: "Allow") == "GET, HEAD")
            }
            let (_, page) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/")!)
            let http = try #require(page as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "X-Frame-Options") == "DENY")
            #expect(http.value(forHTTPHeaderField: "Content-Security-Policy")?.contains("default-src 'none'") == true)
        }
    }

    static func labels(_ count: Int, _ text: String) -> [String] {
        (1...count).map { "^XA^FO50,50^A0N,40,40^FD\(text) \($0)^FS^XZ" }
    }
}

extension Array where Element == String {
    fileprivate var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
