import Core
import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
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
            let ready = try await client.call(.get, "/ready", token: nil)
            #expect(ready.status == .ok)
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
