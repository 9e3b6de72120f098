import Core
import Crypto
import Foundation
import GatewayTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Store
import Synchronization
import Testing

@testable import Gateway

/// An HTTP receiver on loopback, in the test's process: it records every request and answers with the status
/// `answer` gives for the request's number (0 for the first).
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let headers: [String: String]
        let body: String
        let status: Int

        /// The header `name`, whatever its case.
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    private let received = Mutex<[Received]>([])
    private let answer: @Sendable (Int) -> Int

    init(answer: @escaping @Sendable (Int) -> Int = { _ in 200 }) { self.answer = answer }

    var requests: [Received] { received.withLock { $0 } }

    /// Runs `body` with the receiver's URL while it listens.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let headers = Dictionary(
                request.headers.map { ($0.name.canonicalName.lowercased(), $0.value) },
                uniquingKeysWith: { first, _ in first })
            let status = self.received.withLock { list in
                let status = self.answer(list.count)
                list.append(Received(headers: headers, body: String(buffer: bytes), status: status))
                return status
            }
            return Response(status: .init(code: status))
        }
        let port = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } },
            logger: Logger(label: "receiver"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            defer { group.cancelAll() }
            let bound = try await eventually {
                port.withLock { $0 }
            } until: {
                $0 != nil
            }
            try await body("http://127.0.0.1:\(try #require(bound))/hook")
        }
    }
}

/// What a receiver checks: `Gateway-Signature: t=UNIX,v1=HEX`, HEX = HMAC-SHA256(secret, "UNIX.BODY").
func signatureIsValid(_ header: String?, body: String, secret: String) -> Bool {
    guard let header else { return false }
    let parts = Dictionary(
        header.split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            return pair.count == 2 ? (pair[0], pair[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
    guard let t = parts["t"], let v1 = parts["v1"] else { return false }
    let expected = HMAC<SHA256>.authenticationCode(
        for: Data("\(t).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
    return expected.map { String(format: "%02x", $0) }.joined() == v1
}

@Suite("Webhooks")
struct WebhookTests {
    static let jobTypes = GatewayEvent.types.filter { $0.hasPrefix("job.") }

    static func allowLoopback(_ configuration: inout GatewayConfiguration) {
        configuration.webhookAllowLoopback = true
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The events of `job` in the outbox, oldest first.
    static func events(of job: String, client: any TestClientProtocol, token: String) async throws -> [[String: Any]] {
        let all = try await client.call(.get, "/v1/events?limit=500", token: token).body["items"] as? [[String: Any]]
        return (all ?? []).filter { EventTests.job($0)["id"] as? String == job }
    }

    @Test("every event of a 200-label job reaches the receiver once, in order, signed with the subscription's secret")
    func deliversInOrder() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { url in
            try await withApp(templates: shippedTemplates, configure: Self.allowLoopback) { client, token, _ in
                let made = try await client.call(
                    .post, "/v1/webhooks", token: token,
                    json: ["url": url, "events": Self.jobTypes, "description": "odoo"])
                #expect(made.status == .created, "\(made.body)")
                let secret = try #require(made.body["secret"] as? String)
                #expect(secret.count == 64 && secret.allSatisfy(\.isHexDigit))
                let id = try #require(made.body["id"] as? String)
                let shown = try await client.call(.get, "/v1/webhooks/\(id)", token: token)
                #expect(shown.status == .ok && shown.body["secret"] == nil && shown.body["url"] as? String == url)
                let listed = try await client.call(.get, "/v1/webhooks", token: token).body["items"] as? [[String: Any]]
                #expect(listed?.count == 1 && listed?.first?["secret"] == nil)

                try await client.call(
                    .post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
                let job = try await client.submit(printer: "line1", zpl: zplLabels(200), token: token)
                _ = try await client.waitForJob(job, token: token) { $0["status"] as? String == "completed" }
                let events = try await Self.events(of: job, client: client, token: token)
                let expected = events.compactMap { $0["id"] as? String }
                #expect(expected.count >= 4, "\(events.count) events")
                let arrived = try await eventually(timeout: .seconds(60)) {
                    receiver.requests
                } until: {
                    $0.count >= expected.count
                }
                let ids = arrived.map { $0.header("Gateway-Event-Id") ?? "" }
                #expect(ids == expected)
                for request in arrived {
                    let body = Self.json(request.body)
                    #expect(body["id"] as? String == request.header("Gateway-Event-Id"))
                    #expect(body["type"] as? String == request.header("Gateway-Event-Type"))
                    #expect(request.header("Content-Type")?.hasPrefix("application/json") == true)
                    let signature = request.header("Gateway-Signature")
                    #expect(signatureIsValid(signature, body: request.body, secret: secret), "\(signature ?? "none")")
                    #expect(!signatureIsValid(signature, body: request.body, secret: String(secret.reversed())))
                    #expect(!signatureIsValid(signature, body: request.body + " ", secret: secret))
                }
                let sequences = arrived.compactMap { Self.json($0.body)["sequence"] as? Int }
                #expect(sequences == sequences.sorted() && sequences.count == arrived.count)
                let deliveries = try await eventuallyHTTP {
                    try await client.call(.get, "/v1/webhooks/\(id)/deliveries?limit=500", token: token).body
                } until: {
                    ($0["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "delivered" } == true
                }
                let items = deliveries["items"] as? [[String: Any]] ?? []
                #expect(items.count == expected.count)
                #expect(items.allSatisfy { $0["status_code"] as? Int == 200 && $0["attempts"] as? Int == 1 })
                let eventIDs = items.compactMap { ($0["event"] as? [String: Any])?["id"] as? String }
                #expect(eventIDs == expected.reversed())
                let after = try await client.call(.get, "/v1/webhooks/\(id)", token: token).body
                #expect(after["last_delivery_status"] as? String == "delivered")
                // Nothing arrives twice.
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.requests.count == expected.count)
            }
        }
    }

    @Test("a receiver that answers 500 for a while and then 200 gets every event, each job's in order")
    func outage() async throws {
        let receiver = WebhookReceiver { number in number < 6 ? 500 : 200 }
        try await receiver.serve { url in
            try await withApp(templates: shippedTemplates, configure: Self.allowLoopback) { client, token, context in
                let made = try await client.call(
                    .post, "/v1/webhooks", token: token, json: ["url": url, "events": ["job.queued", "job.completed"]])
                let id = try #require(made.body["id"] as? String)
                try await client.call(
                    .post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
                var jobs: [String] = []
                for _ in 0..<3 {
                    let job = try await client.submit(printer: "line1", zpl: zplLabels(3), token: token)
                    _ = try await client.waitForJob(job, token: token) { $0["status"] as? String == "completed" }
                    jobs.append(job)
                }
                var expected: [String] = []
                for job in jobs {
                    expected += try await Self.events(of: job, client: client, token: token)
                        .filter { ["job.queued", "job.completed"].contains($0["type"] as? String) }
                        .compactMap { $0["id"] as? String }
                }
                #expect(expected.count == 6)
                // The retries come on the gateway's clock: move it on until every event was taken.
                let arrived = try await eventually(timeout: .seconds(60)) { () -> [WebhookReceiver.Received] in
                    context.clock.advance(by: .seconds(60))
                    return receiver.requests
                } until: {
                    Set($0.filter { $0.status == 200 }.compactMap { $0.header("Gateway-Event-Id") }) == Set(expected)
                }
                #expect(arrived.contains { $0.status == 500 })
                // Per job: queued before completed, among what was taken.
                let taken = arrived.filter { $0.status == 200 }.map { Self.json($0.body) }
                for job in jobs {
                    let types = taken.filter { EventTests.job($0)["id"] as? String == job }.compactMap {
                        $0["type"] as? String
                    }
                    #expect(types == ["job.queued", "job.completed"], "\(job): \(types)")
                }
                // A retried event carries the same id each time.
                let failedIDs = Set(arrived.filter { $0.status == 500 }.compactMap { $0.header("Gateway-Event-Id") })
                #expect(failedIDs.isSubset(of: Set(expected)))
                let deliveries = try await eventuallyHTTP {
                    try await client.call(.get, "/v1/webhooks/\(id)/deliveries", token: token).body
                } until: {
                    ($0["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "delivered" } == true
                }
                let items = deliveries["items"] as? [[String: Any]] ?? []
                #expect(items.count == 6)
                #expect(items.contains { ($0["attempts"] as? Int ?? 0) > 1 })
            }
        }
    }

    @Test(
        "a receiver that keeps failing is retried after 1 s, 5 s, 30 s, 2 min, 10 min, then every 30 min, and given up after 3 days"
    )
    func retrySchedule() async throws {
        let receiver = WebhookReceiver { _ in 503 }
        try await receiver.serve { url in
            try await withTestDatabase { database in
                try await database.withClient { client in
                    let webhooks = WebhookRepository(client: client, logger: TestDatabase.logger)
                    let hook = try await webhooks.create(
                        url: url, events: ["job.completed"], description: "", secret: "s3cret")
                    _ = try await client.query(
                        "INSERT INTO gateway.events (type, data) VALUES ('job.completed', '{\"job\": {}}')",
                        logger: TestDatabase.logger)
                    let clock = VirtualClock()
                    let start = clock.now
                    let deliverer = WebhookDeliverer(
                        webhooks: webhooks, clock: clock, wakeUp: WakeUpSignal(), logger: TestDatabase.logger)
                    try await WebhookDeliverer<VirtualClock>.withHTTPClient { http in
                        var times: [TimeInterval] = []
                        var status = "pending"
                        while status == "pending", times.count < 500 {
                            let sent = try await deliverer.deliverDue(using: http)
                            #expect(sent == 1, "attempt \(times.count + 1)")
                            times.append(clock.now.timeIntervalSince(start))
                            let delivery = try #require(
                                try await webhooks.deliveries(of: hook.id, before: nil, limit: 1).first)
                            status = delivery.status
                            #expect(delivery.lastStatusCode == 503 && delivery.attempts == times.count)
                            guard status == "pending", let next = delivery.nextAttemptAt else { break }
                            // Not due a moment before its time.
                            clock.advance(by: .seconds(next.timeIntervalSince(clock.now) - 0.5))
                            #expect(try await deliverer.deliverDue(using: http) == 0)
                            clock.advance(by: .seconds(0.5))
                        }
                        let gaps = zip(times.dropFirst(), times).map { ($0 - $1).rounded() }
                        #expect(Array(gaps.prefix(6)) == [1, 5, 30, 120, 600, 1800])
                        #expect(gaps.dropFirst(5).allSatisfy { $0 == 1800 })
                        #expect(status == "failed")
                        #expect(times.count == 149, "\(times.count) attempts")
                        #expect(try #require(times.last) <= 3 * 86_400)
                        #expect(receiver.requests.count == times.count)
                        let shown = try #require(try await webhooks.find(id: hook.id))
                        #expect(shown.failedDeliveries == 1 && shown.lastDeliveryStatus == "failed")
                        // Given up: never sent again.
                        clock.advance(by: .seconds(86_400))
                        #expect(try await deliverer.deliverDue(using: http) == 0)
                    }
                }
            }
        }
    }

    @Test("a bad URL or event type answers 422 naming the field, and nothing is stored")
    func badInput() async throws {
        try await withApp { client, token in
            let bad: [([String: Any], String)] = [
                (["url": "ftp://example.com/hook", "events": ["job.completed"]], "url"),
                (["url": "not a url", "events": ["job.completed"]], "url"),
                (["url": "https://user:pass@example.com/hook", "events": ["job.completed"]], "url"),
                (["url": "http://127.0.0.1:9/hook", "events": ["job.completed"]], "url"),
                (["url": "http://[::1]:9/hook", "events": ["job.completed"]], "url"),
                (["url": "http://169.254.1.2/hook", "events": ["job.completed"]], "url"),
                (["url": "http://localhost/hook", "events": ["job.completed"]], "url"),
                (["url": "https://10.1.2.3/hook", "events": ["job.done"]], "events"),
                (["url": "https://10.1.2.3/hook", "events": []], "events"),
            ]
            for (body, field) in bad {
                let answer = try await client.call(.post, "/v1/webhooks", token: token, json: body)
                #expect(answer.status == .unprocessableContent, "\(body): \(answer.status)")
                let details = (answer.body["error"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["field"] as? String == field, "\(body): \(answer.body)")
            }
            let listed = try await client.call(.get, "/v1/webhooks", token: token).body["items"] as? [[String: Any]]
            #expect(listed?.isEmpty == true)
            // A LAN receiver is fine; a PATCH is checked as a POST is.
            let made = try await client.call(
                .post, "/v1/webhooks", token: token, json: ["url": "https://10.1.2.3/hook", "events": ["job.failed"]])
            #expect(made.status == .created)
            let id = try #require(made.body["id"] as? String)
            let patched = try await client.call(
                .patch, "/v1/webhooks/\(id)", token: token, json: ["url": "http://127.0.0.1/x"])
            #expect(patched.status == .unprocessableContent)
            let disabled = try await client.call(.patch, "/v1/webhooks/\(id)", token: token, json: ["enabled": false])
            #expect(
                disabled.body["enabled"] as? Bool == false && disabled.body["url"] as? String == "https://10.1.2.3/hook"
            )
            #expect(try await client.call(.delete, "/v1/webhooks/\(id)", token: token).status == .noContent)
            #expect(try await client.call(.get, "/v1/webhooks/\(id)", token: token).status == .notFound)
            let printToken = try await testToken(scope: .print)
            #expect(try await client.call(.get, "/v1/webhooks", token: printToken).status == .forbidden)
        }
    }
}
