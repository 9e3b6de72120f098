import AsyncHTTPClient
import Core
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Store

/// Sends the pending webhook deliveries: woken by each new event (and every second), it claims what is due, POSTs
/// each event's envelope, signed, and records the outcome; what fails is tried again on ``WebhookSchedule`` (on the
/// gateway's clock) and given up after 3 days. Any number of gateway processes may run one: a claim skips the rows
/// another is taking, and a claim not recorded (the process died) is due again after ``lease``.
final class WebhookDeliverer<Clock: GatewayClock>: Service, Sendable {
    /// How long the receiver has to answer with a 2xx.
    static var timeout: Duration { .seconds(10) }
    /// How long a claimed delivery is this process's: longer than an attempt can take.
    static var lease: Duration { .seconds(30) }
    /// Deliveries sent at once.
    static var batch: Int { 16 }

    private let webhooks: WebhookRepository
    private let clock: Clock
    private let wakeUp: WakeUpSignal
    private let logger: Logger

    init(webhooks: WebhookRepository, clock: Clock, wakeUp: WakeUpSignal, logger: Logger) {
        self.webhooks = webhooks
        self.clock = clock
        self.wakeUp = wakeUp
        self.logger = logger
    }

    /// Runs `body` with an HTTP client as deliveries need it (no redirects followed), shut down afterwards.
    static func withHTTPClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .seconds(10)))
        configuration.connectionPool.idleTimeout = .seconds(30)
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let result = try await body(http)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    func run() async throws {
        try await Self.withHTTPClient { http in
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        // A full batch: more may be due at once.
                        while try await self.deliverDue(using: http) == Self.batch, !Task.isCancelled {}
                    } catch {
                        if Task.isCancelled { break }
                        self.logger.warning("could not claim webhook deliveries", metadata: ["error": "\(error)"])
                    }
                    await self.wakeUp.wait(timeout: .seconds(1))
                }
            }
        }
    }

    /// Claims the deliveries due now, sends them (at once) and records how each went; returns how many there were.
    @discardableResult
    func deliverDue(using http: HTTPClient) async throws -> Int {
        let claimed = try await webhooks.claim(now: clock.now, lease: Self.lease, limit: Self.batch)
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed {
                group.addTask { await self.deliver(delivery, http: http) }
            }
        }
        return claimed.count
    }

    private func deliver(_ delivery: WebhookRepository.Claimed, http: HTTPClient) async {
        let started = ContinuousClock.now
        let (code, error) = await send(delivery, http: http)
        let duration = ContinuousClock.now - started
        let now = clock.now
        let outcome: WebhookRepository.Outcome
        if let code, (200..<300).contains(code) {
            outcome = .init(statusCode: code, error: nil, duration: duration, status: "delivered", nextAttempt: nil)
        } else {
            let problem = error ?? "the receiver answered \(code.map(String.init) ?? "nothing")"
            let next = WebhookSchedule.retry(afterAttempt: delivery.attempt, first: delivery.firstAttemptAt, now: now)
            outcome = .init(
                statusCode: code, error: problem, duration: duration, status: next == nil ? "failed" : "pending",
                nextAttempt: next)
            logger.info(
                "webhook delivery did not succeed",
                metadata: [
                    "url": "\(delivery.url)", "event": "\(delivery.event.id)", "attempt": "\(delivery.attempt)",
                    "error": "\(problem)", "next_attempt": "\(next.map { "\($0)" } ?? "none: given up")",
                ])
        }
        do { try await webhooks.record(delivery.id, outcome, at: now) } catch {
            // Not recorded: the lease runs out and the delivery is sent again (at least once, never lost).
            logger.warning("could not record a webhook delivery", metadata: ["error": "\(error)"])
        }
    }

    /// POSTs the event; the status code, or why there is none.
    private func send(_ delivery: WebhookRepository.Claimed, http: HTTPClient) async -> (code: Int?, error: String?) {
        let body = delivery.event.envelope
        let timestamp = Int(clock.now.timeIntervalSince1970)
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "print-gateway-webhooks")
        request.headers.add(name: "Gateway-Event-Id", value: delivery.event.id.uuidString.lowercased())
        request.headers.add(name: "Gateway-Event-Type", value: delivery.event.type)
        request.headers.add(
            name: "Gateway-Signature",
            value: WebhookSignature.header(secret: delivery.secret, timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await http.execute(request, timeout: .seconds(Int64(Self.timeout.timeInterval)))
            // Read (and drop) what the receiver says, so that the connection can be used again.
            _ = try? await response.body.collect(upTo: 64 << 10)
            return (Int(response.status.code), nil)
        } catch {
            return (nil, "\(error)")
        }
    }
}

/// `Gateway-Signature: t=UNIX,v1=HEX`: HEX is the HMAC-SHA256 of `UNIX.BODY` under the subscription's secret.
enum WebhookSignature {
    static func header(secret: String, timestamp: Int, body: String) -> String {
        "t=\(timestamp),v1=\(hex(secret: secret, timestamp: timestamp, body: body))"
    }

    static func hex(secret: String, timestamp: Int, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// A new secret: 32 random bytes, as hex.
    static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }
}
