import Foundation

/// A receiver of events: the gateway POSTs each event of ``events`` to ``url``, signed with ``secret``.
public struct Webhook: Sendable, Hashable {
    public var id: UUID
    public var url: String
    public var events: [String]
    public var description: String
    /// The key of the deliveries' HMAC (its text's UTF-8 bytes); shown to the caller once, when it is made.
    public var secret: String
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// How the newest delivery went: `delivered`, `retrying` or `failed`; nil before the first.
    public var lastDeliveryStatus: String?
    public var lastDeliveryAt: Date?
    public var lastDeliveryError: String?
    /// The deliveries given up after ``WebhookSchedule/giveUpAfter``.
    public var failedDeliveries: Int

    public init(
        id: UUID, url: String, events: [String], description: String, secret: String, enabled: Bool,
        createdAt: Date, updatedAt: Date, lastDeliveryStatus: String? = nil, lastDeliveryAt: Date? = nil,
        lastDeliveryError: String? = nil, failedDeliveries: Int = 0
    ) {
        (self.id, self.url, self.events, self.description, self.secret, self.enabled) =
            (id, url, events, description, secret, enabled)
        (self.createdAt, self.updatedAt, self.lastDeliveryStatus, self.lastDeliveryAt) =
            (createdAt, updatedAt, lastDeliveryStatus, lastDeliveryAt)
        (self.lastDeliveryError, self.failedDeliveries) = (lastDeliveryError, failedDeliveries)
    }
}

/// One event on its way to one subscription, as its latest attempt left it.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var webhookID: UUID
    public var eventSequence: Int64
    public var eventID: UUID
    public var eventType: String
    /// `pending`, `delivered` or `failed`.
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var lastDuration: Duration?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, webhookID: UUID, eventSequence: Int64, eventID: UUID, eventType: String, status: String,
        attempts: Int, nextAttemptAt: Date?, lastStatusCode: Int?, lastError: String?, lastDuration: Duration?,
        createdAt: Date, updatedAt: Date
    ) {
        (self.id, self.webhookID, self.eventSequence, self.eventID, self.eventType, self.status) =
            (id, webhookID, eventSequence, eventID, eventType, status)
        (self.attempts, self.nextAttemptAt, self.lastStatusCode, self.lastError, self.lastDuration) =
            (attempts, nextAttemptAt, lastStatusCode, lastError, lastDuration)
        (self.createdAt, self.updatedAt) = (createdAt, updatedAt)
    }
}

/// When a delivery that did not succeed is tried again: 1 s, 5 s, 30 s, 2 min, 10 min after the first failures,
/// then every 30 min, until 3 days after its first attempt; then it is given up.
public enum WebhookSchedule {
    public static let backoff: [Duration] = [.seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600)]
    public static let steady: Duration = .seconds(1800)
    public static let giveUpAfter: Duration = .seconds(3 * 86_400)

    /// The wait after the `attempts`-th attempt failed (1 for the first).
    public static func delay(afterAttempt attempts: Int) -> Duration {
        attempts >= 1 && attempts <= backoff.count ? backoff[attempts - 1] : steady
    }

    /// When to try again after the `attempts`-th attempt failed at `now`, the first having been at `first`; nil
    /// when the delivery is to be given up.
    public static func retry(afterAttempt attempts: Int, first: Date, now: Date) -> Date? {
        let next = now.addingTimeInterval(delay(afterAttempt: attempts).timeInterval)
        return next.timeIntervalSince(first) > giveUpAfter.timeInterval ? nil : next
    }
}
