import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `gateway serve` process and its HTTP API, used as a client would: a token from `gateway token`, JSON over
/// HTTP on loopback.
struct GatewayServer {
    static let secret = "process-test-secret-0123456789-0123456789"

    let process: GatewayProcess
    let base: URL
    let token: String

    /// Starts `gateway serve` on the database of `databaseURL` with a fast poll, `window` and `environment` added, and waits until
    /// `/ready` answers 200.
    static func start(
        databaseURL: String, owner: String = "gw-test", window: Int = 4, leaseSeconds: Int = 5,
        environment: [String: String] = [:]
    ) async throws -> GatewayServer {
        let address = "127.0.0.1:\(try freeLoopbackPort())"
        let process = try serve(
            databaseURL: databaseURL, owner: owner, window: window, leaseSeconds: leaseSeconds, address: address,
            environment: environment)
        let (status, output) = try ChildProcess.run(
            GatewayProcess.executable, ["token", "--subject", "integration-tests", "--scope", "admin"],
            environment: ["GATEWAY_JWT_SECRET": secret], timeout: 30)
        guard status == 0 else {
            process.stop()
            throw TestSetupError("gateway token failed: \(output)")
        }
        let token = output.split(separator: "\n").last.map(String.init) ?? ""
        let server = GatewayServer(process: process, base: URL(string: "http://\(address)")!, token: token)
        let ready = try? await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
            (try? await server.call("GET", "/ready"))?.status ?? 0
        } until: {
            $0 == 200
        }
        guard ready == 200 else {
            process.stop()
            throw TestSetupError("gateway serve on \(address) did not become ready")
        }
        return server
    }

    func stop() { process.stop() }

    /// A `gateway serve` process on the database of `databaseURL` with a fast poll and the test's window and lease.
    static func serve(
        databaseURL: String, owner: String, window: Int, leaseSeconds: Int,
        address: String? = nil, environment: [String: String] = [:]
    ) throws -> GatewayProcess {
        let settings = [
            "DATABASE_URL": databaseURL, "GATEWAY_JWT_SECRET": secret,
            "GATEWAY_HTTP_ADDRESS": try address ?? "127.0.0.1:\(freeLoopbackPort())", "GATEWAY_OWNER": owner,
            "GATEWAY_WINDOW": "\(window)", "GATEWAY_LEASE_SECONDS": "\(leaseSeconds)", "GATEWAY_POLL_MS": "50",
            "GATEWAY_CLAIM_SECONDS": "0.2", "GATEWAY_WAIT_SECONDS": "0.5", "GATEWAY_STATUS_SECONDS": "1",
            // Off unless a test asks for it: processes run side by side, and the default port is one for all.
            "GATEWAY_DASHBOARD_ADDRESS": "",
        ]
        return try GatewayProcess(["serve"], environment: settings.merging(environment) { _, new in new })
    }

    /// Sends `json` (if any) with the token and returns the status and the parsed JSON object.
    @discardableResult
    func call(_ method: String, _ path: String, json: Any? = nil) async throws -> (status: Int, body: [String: Any]) {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        request.timeoutInterval = 10
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// `GET /v1/jobs/{id}`.
    func job(_ id: String) async throws -> JobView {
        let (status, body) = try await call("GET", "/v1/jobs/\(id)")
        guard status == 200 else { throw TestSetupError("GET /v1/jobs/\(id) answered \(status): \(body)") }
        return JobView(body)
    }

    /// The live status of `GET /v1/printers/{name}`.
    func printerStatus(_ name: String) async throws -> PrinterStatusView {
        let (status, body) = try await call("GET", "/v1/printers/\(name)")
        guard status == 200 else { throw TestSetupError("GET /v1/printers/\(name) answered \(status): \(body)") }
        return PrinterStatusView(body["status"] as? [String: Any] ?? [:])
    }

    /// `POST /v1/printers`; throws unless 201.
    func addPrinter(_ name: String, uri: String) async throws {
        let (status, body) = try await call("POST", "/v1/printers", json: ["name": name, "uri": uri])
        guard status == 201 else { throw TestSetupError("POST /v1/printers answered \(status): \(body)") }
    }

    /// `POST /v1/jobs` with ready ZPL; returns the job id. Throws unless 202.
    func submit(printer: String, zpl: [String]) async throws -> String {
        let (status, body) = try await call("POST", "/v1/jobs", json: ["printer": printer, "zpl": zpl])
        guard status == 202, let id = body["id"] as? String else {
            throw TestSetupError("POST /v1/jobs answered \(status): \(body)")
        }
        return id
    }

    /// Polls the job until `condition` holds or `timeout` passes (an answer other than 200, such as a 503 while
    /// the database is away, counts as not yet); returns the last answer.
    func waitForJob(
        _ id: String, timeout: Duration = .seconds(120), until condition: (JobView) -> Bool
    ) async throws -> JobView {
        let last = try await eventually(timeout: timeout, every: .milliseconds(100)) {
            try? await job(id)
        } until: {
            $0.map(condition) ?? false
        }
        guard let last else { return try await job(id) }
        return last
    }

    /// Waits for the job to complete with all `count` labels confirmed, and for `line` to have printed each of them
    /// (repeats within `window`); records the job's events and its printer's status when it does not complete.
    /// Returns how many labels printed twice.
    @discardableResult
    func expectCompleted(
        _ id: String, labels count: Int, on line: SimulatedLine, window: Int, printer: String
    ) async throws -> Int {
        let done = try await waitForJob(id, timeout: .seconds(180)) { $0.status == "completed" }
        if done.status != "completed" {
            let events = try? await call("GET", "/v1/jobs/\(id)/events")
            let status = try? await call("GET", "/v1/printers/\(printer)")
            Issue.record(
                "the job did not complete: \(done); printer: \(status?.body ?? [:]); events: \(events?.body ?? [:])")
        }
        #expect(done.printedCount == count)
        return expectEveryLabel(try await line.waitForPrinted(count), count: count, window: window)
    }

    /// Polls the printer's status until `condition` holds or `timeout` passes; returns the last answer.
    func waitForPrinter(
        _ name: String, timeout: Duration = .seconds(30), until condition: (PrinterStatusView) -> Bool
    ) async throws -> PrinterStatusView {
        try await eventually(timeout: timeout, every: .milliseconds(100)) {
            try await printerStatus(name)
        } until: {
            condition($0)
        }
    }
}

/// The fields of a job resource the tests look at.
struct JobView: Sendable, CustomStringConvertible {
    let status: String
    let waitingReason: String?
    let printedCount: Int
    let failedCount: Int
    let attempts: Int
    let lastError: String?
    let confirmation: String?

    init(_ body: [String: Any]) {
        status = body["status"] as? String ?? "?"
        waitingReason = body["waiting_reason"] as? String
        printedCount = body["printed_count"] as? Int ?? 0
        failedCount = body["failed_count"] as? Int ?? 0
        attempts = body["attempts"] as? Int ?? 0
        lastError = body["last_error"] as? String
        confirmation = body["confirmation"] as? String
    }

    var description: String {
        "\(status) waiting=\(waitingReason ?? "-") printed=\(printedCount) failed=\(failedCount) attempts=\(attempts) "
            + "last_error=\(lastError ?? "-")"
    }
}

/// A printer's live status object.
struct PrinterStatusView: Sendable, CustomStringConvertible {
    let state: String
    let reasons: [String]
    let detail: String?

    init(_ body: [String: Any]) {
        state = body["state"] as? String ?? "?"
        reasons = body["reasons"] as? [String] ?? []
        detail = body["detail"] as? String
    }

    var description: String { "\(state) \(reasons) \(detail ?? "")" }
}
