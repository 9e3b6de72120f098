import Core
import Foundation
import Gateway
import GatewayTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TransportSimulated

let testSecret = "test-secret-0123456789abcdef-0123456789"

/// A token for `subject` with `scope`, signed with `secret`, valid for `lifetime` seconds from now (negative:
/// expired).
func testToken(
    subject: String = "tests", scope: Scope? = .admin, secret: String = testSecret, lifetime: TimeInterval = 600,
    notBefore: Date? = nil
) async throws -> String {
    let now = Date()
    return try await GatewayTokens(secret: secret).sign(
        GatewayClaims(
            subject: subject, scope: scope, issuedAt: now, expiresAt: now.addingTimeInterval(lifetime),
            notBefore: notBefore))
}

/// The repository's shipped templates.
let shippedTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates").path

/// What a test sees of the running application besides HTTP.
struct AppContext: Sendable {
    let database: TestDatabase
    let simulators: SimulatedTransportFactory
    let clock: VirtualClock
}

/// Builds the real application on a fresh database, with simulated printers on a virtual clock.
func withApp(_ body: @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
    try await withApp(templates: shippedTemplates) { client, token, _ in try await body(client, token) }
}

/// `transports` adds factories to the simulated one, on the same virtual clock.
/// `previousSecret` is `GATEWAY_JWT_SECRET_PREVIOUS`; `configure` changes any other setting; `setup` `.live` serves
/// on a loopback socket.
func withApp(
    templates: String, transports: (VirtualClock) -> [any TransportFactory] = { _ in [] },
    setup: TestingSetup = .router,
    previousSecret: String = "", configure: (inout GatewayConfiguration) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol, String, AppContext) async throws -> Void
) async throws {
    try await withTestDatabase { database in
        var configuration = GatewayConfiguration(databaseURL: database.url, jwtSecret: testSecret)
        configuration.jwtPreviousSecret = previousSecret
        configuration.templatesDirectory = templates
        configuration.engine = EngineConfiguration(
            owner: "http-test", window: 4, leaseDuration: .seconds(5), pollInterval: .milliseconds(100),
            waitInterval: .seconds(5), claimInterval: .milliseconds(100))
        configuration.statusInterval = .milliseconds(200)
        configure(&configuration)
        let clock = VirtualClock()
        let simulators = SimulatedTransportFactory(clock: clock)
        let app = try buildApplication(
            configuration: configuration, logger: TestDatabase.logger, clock: clock,
            transports: TransportRegistry([simulators] + transports(clock)))
        let token = try await testToken()
        let context = AppContext(database: database, simulators: simulators, clock: clock)
        try await app.test(setup) { client in try await body(client, token, context) }
    }
}

extension TestClientProtocol {
    /// Sends JSON (or raw text) with the token and returns status and parsed body.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String?, json: Any? = nil, raw: String? = nil,
        contentType: String? = "application/json"
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer? = nil
        if let json { buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)) }
        if let raw { buffer = ByteBuffer(string: raw) }
        return try await execute(uri: path, method: method, headers: headers, body: buffer) { response in
            let data = Data(response.body.readableBytesView)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (response.status, object)
        }
    }
}

extension TestClientProtocol {
    /// `POST /v1/jobs` with ready ZPL; the new job's id (the test fails without one).
    func submit(printer: String, zpl: [String], token: String) async throws -> String {
        let answer = try await call(.post, "/v1/jobs", token: token, json: ["printer": printer, "zpl": zpl])
        return try #require(answer.body["id"] as? String, "POST /v1/jobs answered \(answer.status): \(answer.body)")
    }

    /// Polls `GET /v1/jobs/{id}` until `condition` holds (60 s at most); returns the last answer.
    func waitForJob(
        _ id: String, token: String, until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        try await eventuallyHTTP {
            try await call(.get, "/v1/jobs/\(id)", token: token).body
        } until: {
            condition($0)
        }
    }
}

/// The `error.code` of an error body.
func errorCode(_ body: [String: Any]) -> String? {
    (body["error"] as? [String: Any])?["code"] as? String
}

func zplLabels(_ count: Int) -> [String] {
    (1...count).map { "^XA^FO50,50^A0N,40,40^FDLabel \($0)^FS^XZ" }
}
