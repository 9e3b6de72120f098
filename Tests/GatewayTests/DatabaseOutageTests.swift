import Core
import Foundation
import Gateway
import GatewayTestSupport
import HummingbirdTesting
import ProcessSupport
import Testing
import TransportSimulated

@Suite("Database down")
struct DatabaseOutageTests {
    @Test("with no database, /ready and every /v1 route answer 503 at once with a clear error; /health stays 200")
    func unavailable() async throws {
        let port = try freeLoopbackPort()
        let configuration = GatewayConfiguration(
            databaseURL: "postgres://gateway@127.0.0.1:\(port)/nowhere", jwtSecret: testSecret)
        let clock = VirtualClock()
        let app = try buildApplication(
            configuration: configuration, logger: TestDatabase.logger, clock: clock,
            transports: TransportRegistry([SimulatedTransportFactory(clock: clock)]))
        let token = try await testToken()
        try await app.test(.router) { client in
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)
            let ready = try await client.call(.get, "/ready", token: nil)
            #expect(ready.status == .serviceUnavailable)
            #expect((ready.body["components"] as? [String: String])?["database"] == "unavailable")
            // The health probe notices within a second or two.
            let started = ContinuousClock.now
            var answer = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "p", "zpl": zplLabels(1)])
            while answer.status != .serviceUnavailable, ContinuousClock.now - started < .seconds(10) {
                try await Task.sleep(for: .milliseconds(200))
                answer = try await client.call(
                    .post, "/v1/jobs", token: token, json: ["printer": "p", "zpl": zplLabels(1)])
            }
            #expect(answer.status == .serviceUnavailable)
            #expect(errorCode(answer.body) == "database_unavailable")
            let timed = ContinuousClock.now
            let list = try await client.call(.get, "/v1/jobs", token: token)
            #expect(list.status == .serviceUnavailable)
            #expect(ContinuousClock.now - timed < .seconds(1), "no waiting for a connection")
            #expect(
                try await client.call(.get, "/v1/printers", token: nil).status == .unauthorized,
                "the token is checked first")
            // Metrics are still served, saying the database is down (an alert rule fires on it).
            let metrics = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                return Exposition(String(buffer: response.body))
            }
            #expect(metrics.value("gateway_database_up") == 0)
            #expect(metrics.value("gateway_http_requests_total", ["route": "/v1/jobs", "status": "503"]) != nil)
        }
    }
}
