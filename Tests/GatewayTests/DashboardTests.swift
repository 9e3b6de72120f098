import Configuration
import Core
import Foundation
import GatewayTestSupport
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import ProcessSupport
import Store
import Testing
import TransportSimulated

@testable import Gateway

@Suite("Dashboard")
struct DashboardTests {
    /// The dashboard's router on a fresh database, filled by `setup`.
    func withDashboard<Setup: Sendable>(
        health: DatabaseHealth? = nil, setup: @Sendable (DashboardFixture) async throws -> Setup,
        _ body: @Sendable (any TestClientProtocol, Setup) async throws -> Void
    ) async throws {
        try await withTestDatabase { database in
            try await database.withClient { client in
                let made = try await setup(DashboardFixture(client: client))
                let probe =
                    try health
                    ?? DatabaseHealth(
                        configuration: DatabaseURL(database.url).connectionConfiguration(), logger: TestDatabase.logger)
                let clock = VirtualClock()
                let router = try buildDashboardRouter(
                    client: client, migrator: Migrator(client: client, logger: TestDatabase.logger), health: probe,
                    transports: TransportRegistry([SimulatedTransportFactory(clock: clock)]),
                    logger: TestDatabase.logger)
                try await Application(router: router).test(.router) { client in try await body(client, made) }
            }
        }
    }

    @Test("every page answers 200 with HTML, the security headers and no script")
    func pages() async throws {
        try await withDashboard { fixture in
            try await fixture.addPrinter("line1", uri: "sim://line1")
            try await fixture.addPrinter("line2", uri: "sim://line2", enabled: false)
            try await fixture.addJob(printer: "line1", status: .completed, labels: 2, printed: 2)
            try await fixture.addJob(printer: "line1", status: .printing, labels: 5, printed: 1)
            try await fixture.addJob(printer: "line2", status: .queued, waiting: .printerDisabled)
        } _: { client, _ in
            for path in ["/", "/jobs", "/printers", "/printers/line1", "/health", "/jobs?status=completed"] {
                let (status, headers, body) = try await client.page(path)
                #expect(status == .ok, "\(path)")
                #expect(headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(path)")
                #expect(headers[.contentSecurityPolicy]?.contains("script-src") == false, "\(path): no scripts at all")
                #expect(headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
                #expect(body.contains("id=\"refresh\""), "\(path) has the refresh button")
                #expect(!body.contains("<script"), "\(path)")
                #expect(!body.contains("style=\""), "\(path): inline styles would be refused by the policy")
                // A name a view lacks must not be found in an enclosing one (Mustache's context stack).
                #expect(!body.contains("JobRowView(") && !body.contains("Optional("), "\(path)")
            }
            let css = try await client.page("/assets/dashboard.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
        }
    }

    @Test("values from callers are escaped: a product name of <img onerror> shows as text")
    func escaping() async throws {
        let hostile = "<img src=x onerror=alert(1)>"
        try await withDashboard { fixture in
            try await fixture.addPrinter("line1", uri: "sim://line1", description: "<b>desc</b>")
            return try await fixture.addJob(
                printer: "line1", status: .failed, labels: 1, failed: 1, lotPrefix: "<i>L",
                lastError: "printer said <script>alert(2)</script>", idempotencyKey: "<svg onload=x>",
                text: hostile, metadata: #"{"product": "<img src=x onerror=alert(3)>"}"#)
        } _: { client, jobID in
            let job = try await client.page("/jobs/\(jobID.uuidString.lowercased())")
            #expect(job.status == .ok)
            #expect(job.body.contains("&lt;img src=x onerror=alert(1)&gt;"), "the ZPL's text, escaped")
            #expect(job.body.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
            #expect(job.body.contains("&lt;svg onload=x&gt;"))
            #expect(job.body.contains("&lt;i&gt;L1"))
            for raw in ["<img src=x", "<script>", "<svg onload", "<i>L"] {
                #expect(!job.body.contains(raw), "\(raw) must not reach the page unescaped")
            }
            let printer = try await client.page("/printers/line1")
            #expect(printer.body.contains("&lt;b&gt;desc&lt;/b&gt;") && !printer.body.contains("<b>desc"))
            let search = try await client.page("/jobs?q=%3Csvg%20onload%3Dx%3E")
            #expect(search.body.contains("value=\"&lt;svg onload=x&gt;\""), "the search box keeps the text, escaped")
            #expect(search.body.contains(jobID.uuidString.lowercased()), "found by its idempotency key")
        }
    }

    @Test("a printer out of paper says so, with the waiting job's reason, on / and on its own page")
    func paperOut() async throws {
        try await withDashboard { fixture in
            try await fixture.addPrinter("packing", uri: "cups://alice:secret@cups.local/zebra")
            try await fixture.setStatus("packing", state: .error, reasons: [.paperOut, .headOpen])
            try await fixture.addJob(printer: "packing", status: .queued, labels: 10, printed: 4, waiting: .paperOut)
        } _: { client, _ in
            let overview = try await client.page("/")
            #expect(overview.body.contains("Paper out"))
            #expect(overview.body.contains("<li>head open</li>"))
            #expect(overview.body.contains("waiting: <span class=\"waiting\">paper out</span>"))
            let printer = try await client.page("/printers/packing")
            #expect(printer.body.contains("id=\"printer-headline\">Paper out<"))
            #expect(printer.body.contains("cups://alice:***@cups.local/zebra"))
            #expect(!printer.body.contains("secret"), "the URI's password is masked")
            #expect(printer.body.contains("4/10"))
        }
    }

    @Test("the job page lists every field, its labels (failed ones marked), history, reprints and a label's ZPL")
    func jobPage() async throws {
        try await withDashboard { fixture in
            try await fixture.addPrinter("line1", uri: "sim://line1")
            let original = try await fixture.addJob(
                printer: "line1", status: .completed, labels: 4, printed: 3, failed: 1, lotPrefix: "LOT-",
                lastError: "media jam")
            let reprint = try await fixture.addJob(
                printer: "line1", status: .completed, labels: 1, printed: 1, reprintOf: original)
            return (original, reprint)
        } _: { client, jobs in
            let (original, reprint) = jobs
            let page = try await client.page("/jobs/\(original.uuidString.lowercased())?zpl=4")
            for field in try Self.jobResourceFields() {
                #expect(page.body.contains("<th>\(field)</th>"), "field \(field)")
            }
            #expect(page.body.contains("class=\"label failed failed\"") || page.body.contains("label failed"))
            #expect(page.body.contains("LOT-4"))
            #expect(page.body.contains("<td class=\"kind\">created</td>"))
            #expect(page.body.contains("/jobs/\(reprint.uuidString.lowercased())"), "the reprint is linked")
            #expect(page.body.contains("Label 4^FS^XZ"), "label 4's ZPL, as asked")
            #expect(page.body.contains("<pre class=\"error\">media jam</pre>"))
            let picture = "/jobs/\(original.uuidString.lowercased())/labels/4/preview.png"
            #expect(page.body.contains("<img id=\"label-preview\" src=\"\(picture)\""), "label 4's preview is shown")
            let (status, type, png) = try await client.execute(uri: picture, method: .get) {
                ($0.status, $0.headers[.contentType], Array(buffer: $0.body))
            }
            #expect(status == .ok && type == "image/png")
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 100, "a PNG of the label")
            let missing = try await client.page("/jobs/\(original.uuidString.lowercased())/labels/9/preview.png")
            #expect(missing.status == .notFound)
            let child = try await client.page("/jobs/\(reprint.uuidString.lowercased())")
            #expect(child.body.contains("/jobs/\(original.uuidString.lowercased())"), "the original is linked")
            #expect(child.body.contains("reprint"))
        }
    }

    @Test("the job list searches by lot, filters by status and pages down to the oldest job")
    func jobList() async throws {
        try await withDashboard { fixture in
            try await fixture.addPrinter("line1", uri: "sim://line1")
            let start = Date().addingTimeInterval(-86_400)
            var lotJob = UUID()
            let oldest = try await fixture.addJob(printer: "line1", status: .completed, labels: 1, createdAt: start)
            for index in 1...120 {
                let id = try await fixture.addJob(
                    printer: "line1", status: index % 10 == 0 ? .failed : .completed, labels: 2,
                    lotPrefix: "B\(index)-", createdAt: start.addingTimeInterval(Double(index)))
                if index == 77 { lotJob = id }
            }
            return (oldest, lotJob)
        } _: { client, jobs in
            let (oldest, lotJob) = jobs
            let search = try await client.page("/jobs?q=B77-2")
            #expect(search.body.contains(lotJob.uuidString.lowercased()))
            #expect(search.body.components(separatedBy: "<tr class=\"job ").count == 2, "exactly one job")
            let failed = try await client.page("/jobs?status=failed")
            #expect(failed.body.components(separatedBy: "<tr class=\"job status-failed").count == 13)
            #expect(!failed.body.contains("status-completed"))
            var path = "/jobs"
            var pages = 0
            var last = ""
            while pages < 10 {
                last = try await client.page(path).body
                pages += 1
                guard let href = Self.link(id: "older-page", in: last) else { break }
                path = href
            }
            #expect(pages == 3, "121 jobs at 50 a page")
            #expect(last.contains(oldest.uuidString.lowercased()))
            #expect(last.contains("id=\"oldest-reached\""))
            let newer = try #require(Self.link(id: "newer-page", in: last))
            #expect(try await client.page(newer).body.contains("id=\"older-page\""))
            let bad = try await client.page("/jobs?older=not-a-cursor")
            #expect(bad.status == .badRequest)
        }
    }

    @Test("an unknown job or printer is a friendly 404 page; POST and DELETE are 405; HEAD has no body")
    func refusals() async throws {
        try await withDashboard { _ in
        } _: { client, _ in
            for path in ["/jobs/\(UUID().uuidString)", "/jobs/not-an-id", "/printers/nowhere", "/nothing-here"] {
                let page = try await client.page(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(page.body.contains("Back to the overview"), "\(path)")
                #expect(page.headers[.contentSecurityPolicy] != nil)
            }
            for method: HTTPRequest.Method in [.post, .delete, .put, .patch] {
                let answer = try await client.execute(uri: "/jobs", method: method) { $0 }
                #expect(answer.status == .methodNotAllowed, "\(method)")
                #expect(answer.headers[.allow] == "GET, HEAD")
            }
            let head = try await client.execute(uri: "/", method: .head) { $0 }
            #expect(head.status == .ok && head.body.readableBytes == 0)
        }
    }

    @Test("with the database down, a page says so with 503, at once")
    func outage() async throws {
        let port = try freeLoopbackPort()
        let health = DatabaseHealth(
            configuration: .init(
                host: "127.0.0.1", port: port, username: "gateway", password: nil, database: "nowhere",
                tls: .disable),
            interval: .milliseconds(50), failuresBeforeDown: 1, logger: TestDatabase.logger)
        try await withDashboard(health: health) { _ in
        } _: { client, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await health.run() }
                _ = try await eventually(timeout: .seconds(10)) {
                    health.isReachable
                } until: {
                    !$0
                }
                let started = ContinuousClock.now
                let page = try await client.page("/")
                #expect(page.status == .serviceUnavailable)
                #expect(page.body.contains("The database is unavailable"))
                #expect(ContinuousClock.now - started < .seconds(1))
                #expect(try await client.page("/assets/dashboard.css").status == .ok, "the page keeps its style")
                group.cancelAll()
            }
        }
    }

    /// The names of the job resource's fields, as the API writes them.
    static func jobResourceFields() throws -> [String] {
        let job = Job(
            id: UUID(), printerID: UUID(), printer: "p", template: nil, status: .queued, waitingReason: nil,
            labelCount: 1, printedCount: 0, failedCount: 0, attempts: 0, maxAttempts: 1, lastError: nil,
            nextAttemptAt: nil, reprintOfJobID: nil, idempotencyKey: nil, confirmation: nil, createdAt: Date(),
            updatedAt: Date(), completedAt: nil)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(JobResource(job)))
        let fields = try #require(object as? [String: Any]).keys.sorted()
        #expect(fields.count >= 20)
        return fields
    }

    static func link(id: String, in html: String) -> String? {
        guard let range = html.range(of: "id=\"\(id)\" href=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(
            of: "&#39;", with: "'")
    }
}

@Suite("Dashboard settings")
struct DashboardSettingsTests {
    static func read(_ values: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(config: GatewayConfiguration.reader(environment: values, dotEnvPath: "/nonexistent"))
    }

    @Test("127.0.0.1:8081 by default, empty turns it off, loopback addresses are taken")
    func defaults() throws {
        #expect(try Self.read([:]).dashboard == DashboardSettings(host: "127.0.0.1", port: 8081))
        #expect(try Self.read(["GATEWAY_DASHBOARD_ADDRESS": ""]).dashboard == nil)
        #expect(try Self.read(["GATEWAY_DASHBOARD_ADDRESS": "::1:9090"]).dashboard?.port == 9090)
        #expect(try Self.read(["GATEWAY_DASHBOARD_ADDRESS": "localhost:9091"]).dashboard?.host == "localhost")
        #expect(GatewayConfiguration().dashboard == nil, "built in code, an application opens no dashboard")
        #expect("\(try Self.read([:]))".contains("GATEWAY_DASHBOARD_ADDRESS=127.0.0.1:8081"))
    }

    @Test("an address that is not loopback is refused without GATEWAY_DASHBOARD_ALLOW_REMOTE=true")
    func remote() throws {
        for address in ["0.0.0.0:8081", "10.0.0.5:8081", "dashboard.example:80"] {
            #expect {
                try Self.read(["GATEWAY_DASHBOARD_ADDRESS": address])
            } throws: { error in
                let message = "\(error)"
                return message.contains("GATEWAY_DASHBOARD_ADDRESS '\(address)' is not a loopback address")
                    && message.contains("GATEWAY_DASHBOARD_ALLOW_REMOTE=true")
            }
        }
        let allowed = try Self.read([
            "GATEWAY_DASHBOARD_ADDRESS": "0.0.0.0:8081", "GATEWAY_DASHBOARD_ALLOW_REMOTE": "true",
        ])
        #expect(allowed.dashboard == DashboardSettings(host: "0.0.0.0", port: 8081, allowRemote: true))
        #expect(throws: ConfigurationError.self) { try Self.read(["GATEWAY_DASHBOARD_ADDRESS": "nonsense"]) }
        #expect(throws: ConfigurationError.self) {
            try Self.read(["GATEWAY_DASHBOARD_ADDRESS": "0.0.0.0:1", "GATEWAY_DASHBOARD_ALLOW_REMOTE": "maybe"])
        }
    }
}

extension TestClientProtocol {
    /// GET `path`: status, headers and the body as text.
    func page(_ path: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        try await execute(uri: path, method: .get) { ($0.status, $0.headers, String(buffer: $0.body)) }
    }
}
