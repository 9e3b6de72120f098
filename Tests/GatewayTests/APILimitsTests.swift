import Core
import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ProcessSupport
import Testing
import TransportSimulated
import TransportRaw9100

/// The API listener's limits: connections, read deadlines, body size, rates, allowed clients, printer networks.
@Suite struct APILimitsTests {
    @Test func idleConnectionsAreClosedWhileReadyKeepsAnswering() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live,
            configure: {
                $0.limits.idleTimeout = .seconds(1)
                $0.limits.maxConnectionsPerClient = 100
            }
        ) { client, _, _ in
            let port = try #require(client.port)
            // 450 connections from one address: 100 are kept (the cap per client), the rest closed at once.
            let idle = try (0..<450).map { _ in try RawConnection(port: port, source: "127.0.0.2") }
            // On a new connection: the test client's own may have been idle past the timeout by now.
            let ready = try RawConnection(port: port)
            ready.send("GET /ready HTTP/1.1\r\nHost: gateway\r\n\r\n")
            #expect(ready.read(timeout: .seconds(10)).text.hasPrefix("HTTP/1.1 200"))
            let open = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
                idle.filter { !$0.isClosedByPeer }.count
            } until: {
                $0 == 0
            }
            #expect(open == 0, "the idle timeout closes every idle connection")
            // Their places are free again.
            let next = try RawConnection(port: port, source: "127.0.0.2")
            next.send("GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n")
            #expect(next.read(timeout: .seconds(10)).text.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// A connection accepted while the listener closes may never reach the server's loop; NIO would then stop the
    /// process when it becomes active (its writer released unfinished). It must be closed instead.
    @Test("connections that arrive as the server stops are closed, and the process goes on", arguments: 1...2)
    func connectionsArrivingAsTheServerStops(round: Int) async throws {
        let burst = ConnectionsHeld()
        try await withApp(templates: shippedTemplates, setup: .live) { client, _, _ in
            let port = try #require(client.port)
            burst.connections = try (0..<64).map { _ in try RawConnection(port: port) }
            // And connections still pouring in when the server stops.
            let flood = ConnectionFlood(port: port, threads: 4)
            burst.flood = flood
            _ = try await eventually(timeout: .seconds(10), every: .milliseconds(5)) {
                flood.connections
            } until: {
                $0 >= 20
            }
        }
        burst.flood?.stop()
        #expect((burst.flood?.connections ?? 0) > 0, "the flood reached the server")
        let open = try await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
            burst.connections.filter { !$0.isClosedByPeer }.count
        } until: {
            $0 == 0
        }
        #expect(open == 0, "every connection is closed once the server has stopped")
    }

    /// The same when the task running the application is cancelled instead (a service group that cancels on a
    /// failed service does that): the connections still waiting for the server's loop are dropped, and closed.
    @Test("connections waiting for the server's loop when its task is cancelled are closed", arguments: 1...3)
    func connectionsWaitingWhenTheServerIsCancelled(round: Int) async throws {
        try await withTestDatabase { database in
            var configuration = GatewayConfiguration(databaseURL: database.url, jwtSecret: testSecret)
            configuration.templatesDirectory = shippedTemplates
            configuration.httpPort = try freeLoopbackPort()
            configuration.dashboard = nil
            let app = try buildApplication(
                configuration: configuration, logger: TestDatabase.logger, clock: VirtualClock(),
                transports: TransportRegistry([SimulatedTransportFactory(clock: VirtualClock())]))
            let running = Task { try await app.run() }
            let port = configuration.httpPort
            let up = try await eventually(timeout: .seconds(30), every: .milliseconds(20)) {
                (try? RawConnection(port: port)) != nil
            } until: {
                $0
            }
            try #require(up, "the application did not listen on \(port)")
            let held = try (0..<64).map { _ in try RawConnection(port: port) }
            let flood = ConnectionFlood(port: port, threads: 4)
            _ = try await eventually(timeout: .seconds(10), every: .milliseconds(5)) {
                flood.connections
            } until: {
                $0 >= 20
            }
            running.cancel()
            _ = try? await running.value
            flood.stop()
            #expect(flood.connections > 0, "the flood reached the server")
            let open = try await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
                held.filter { !$0.isClosedByPeer }.count
            } until: {
                $0 == 0
            }
            #expect(open == 0, "every connection is closed once the server has stopped")
        }
    }

    @Test func aHeadSentAByteAtATimeIsCutOffAtTheHeaderDeadline() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live,
            configure: {
                $0.limits.idleTimeout = .seconds(600)
                $0.limits.headerTimeout = .seconds(1)
            }
        ) { client, _, _ in
            let connection = try RawConnection(port: try #require(client.port))
            let head = "GET /health HTTP/1.1\r\nHost: gateway\r\nX-Slow: " + String(repeating: "a", count: 600)
            var sent = 0
            for character in head {
                guard connection.send(String(character)), !connection.isClosedByPeer else { break }
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            let answer = connection.read(timeout: .seconds(10))
            #expect(sent < head.count, "the gateway closed the connection before the head was whole")
            #expect(answer.closed && answer.text.isEmpty)
        }
    }

    @Test func aBodySentAByteAtATimeIsCutOffAtTheBodyDeadline() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live,
            configure: {
                $0.limits.idleTimeout = .seconds(600)
                $0.limits.bodyTimeout = .seconds(1)
            }
        ) { client, token, _ in
            let connection = try RawConnection(port: try #require(client.port))
            let body = String(repeating: " ", count: 590) + "{\"a\":1}"
            connection.send(
                "POST /v1/jobs HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            var sent = 0
            for character in body {
                guard connection.send(String(character)), !connection.isClosedByPeer else { break }
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            let answer = connection.read(timeout: .seconds(10))
            #expect(sent < body.count, "the gateway closed the connection before the body was whole")
            #expect(answer.closed && !answer.text.contains("HTTP/1.1 2"))
        }
    }

    @Test func aBodyOverTheLimitIs413FromItsContentLengthBeforeItIsRead() async throws {
        try await withApp(templates: shippedTemplates, setup: .live) { client, token, _ in
            let connection = try RawConnection(port: try #require(client.port))
            // 50 MB announced, none sent: the answer cannot come from reading it.
            connection.send(
                "POST /v1/jobs HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{")
            let answer = connection.read(timeout: .seconds(10)).text
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(200))")
            #expect(answer.contains("\"body_too_large\""))
        }
    }

    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await withApp(templates: shippedTemplates, configure: { $0.maxBodyBytes = 4096 }) { client, token, _ in
            let answer = try await client.call(
                .post, "/v1/jobs", token: token, raw: "[" + String(repeating: "1,", count: 4000) + "1]")
            #expect(answer.status == .contentTooLarge)
            #expect(errorCode(answer.body) == "body_too_large")
        }
    }

    @Test func aSubjectPastItsBucketGets429ThenIsServedAgainAfterRefill() async throws {
        try await withApp(
            templates: shippedTemplates,
            configure: { $0.limits.subjectRate = .init(perSecond: 5, burst: 3) }
        ) { client, token, _ in
            for _ in 1...3 { #expect(try await client.call(.get, "/v1/printers", token: token).status == .ok) }
            let limited = try await client.execute(
                uri: "/v1/printers", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) { $0 }
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect(retryAfter >= 1)
            let body = (try? JSONSerialization.jsonObject(with: Data(limited.body.readableBytesView))) as? [String: Any]
            #expect(errorCode(body ?? [:]) == "rate_limited")
            // Another subject has its own bucket.
            let other = try await testToken(subject: "another-caller")
            #expect(try await client.call(.get, "/v1/printers", token: other).status == .ok)
            let later = try await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
                try await client.call(.get, "/v1/printers", token: token).status
            } until: {
                $0 != .tooManyRequests
            }
            #expect(later == .ok)
        }
    }

    @Test func manyFailedAuthenticationsFromOneAddressGet429BeforeTheTokenIsChecked() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live,
            configure: { $0.limits.authFailureRate = .init(perSecond: 0.001, burst: 3) }
        ) { client, token, _ in
            for _ in 1...3 {
                #expect(try await client.call(.get, "/v1/printers", token: "not-a-token").status == .unauthorized)
            }
            let refused = try await client.call(.get, "/v1/printers", token: token)
            #expect(refused.status == .tooManyRequests)
            #expect(errorCode(refused.body) == "rate_limited")
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)
        }
    }

    @Test func aClientOutsideTheAllowlistIsRefused() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live,
            configure: { $0.limits.allowedClients = try! AddressRange.list("10.0.0.0/8") }
        ) { client, token, _ in
            let refused = try await client.call(.get, "/v1/printers", token: token)
            #expect(refused.status == .forbidden)
            #expect(errorCode(refused.body) == "client_not_allowed")
            // An untrusted peer's X-Forwarded-For is ignored.
            let forwarded = try await client.execute(
                uri: "/v1/printers", method: .get,
                headers: [.authorization: "Bearer \(token)", .forwardedFor: "10.1.2.3"]
            ) { $0.status }
            #expect(forwarded == .forbidden)
            // The host's own health checks still answer.
            #expect(try await client.call(.get, "/ready", token: nil).status == .ok)
        }
    }

    @Test func aTrustedProxyNamesTheClient() async throws {
        try await withApp(
            templates: shippedTemplates, setup: .live,
            configure: {
                $0.limits.allowedClients = try! AddressRange.list("10.0.0.0/8")
                $0.limits.trustedProxies = try! AddressRange.list("127.0.0.1,::1")
            }
        ) { client, token, _ in
            var statuses: [HTTPResponse.Status] = []
            for forwardedFor in ["10.1.2.3", "10.9.9.9, 192.0.2.1", "192.0.2.1, 10.1.2.3"] {
                statuses.append(
                    try await client.execute(
                        uri: "/v1/printers", method: .get,
                        headers: [.authorization: "Bearer \(token)", .forwardedFor: forwardedFor]
                    ) { $0.status })
            }
            // The right-most address not a proxy is the client: what the client wrote on the left counts for nothing.
            #expect(statuses == [.ok, .forbidden, .ok])
        }
    }

    @Test func aPrinterURIOutsideThePrinterNetworksIs422() async throws {
        try await withApp(
            templates: shippedTemplates, transports: { _ in [Raw9100TransportFactory()] },
            configure: { $0.limits.printerNetworks = try! AddressRange.list("10.0.0.0/24") }
        ) { client, token, _ in
            let outside = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "far", "uri": "raw9100://192.168.5.5:9100"])
            #expect(outside.status == .unprocessableContent)
            #expect(errorCode(outside.body) == "invalid_uri")
            let message = ((outside.body["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains("GATEWAY_PRINTER_NETWORKS"))
            let inside = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "near", "uri": "raw9100://10.0.0.50"])
            #expect(inside.status == .created)
            let moved = try await client.call(
                .patch, "/v1/printers/near", token: token, json: ["uri": "raw9100://172.16.0.1"])
            #expect(moved.status == .unprocessableContent)
            // A simulated printer reaches no network.
            let simulated = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "sim", "uri": "sim://line1"])
            #expect(simulated.status == .created)
            let probe = try await client.call(.get, "/v1/printers/discover?hosts=192.168.5.5", token: token)
            #expect(probe.status == .unprocessableContent)
            #expect(errorCode(probe.body) == "host_not_allowed")
        }
    }
}

extension HTTPField.Name {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}

/// Connections a test opens inside the application's closure and looks at after it.
private final class ConnectionsHeld: @unchecked Sendable {
    var connections: [RawConnection] = []
    var flood: ConnectionFlood?
}

@Suite struct OpenFileLimitTests {
    /// `gateway serve` calls this at start: a soft limit below the hard one is raised to it.
    @Test func theSoftLimitIsRaisedToTheHardOne() throws {
        var limit = rlimit()
        try #require(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        var lowered = limit
        lowered.rlim_cur = limit.rlim_max - 1
        try #require(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered) == 0)
        let raised = OpenFileLimit.raise(ceiling: Int(clamping: limit.rlim_max))
        var now = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &now)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        #expect(raised == Int(clamping: limit.rlim_max))
        #expect(now.rlim_cur == limit.rlim_max)
    }
}
