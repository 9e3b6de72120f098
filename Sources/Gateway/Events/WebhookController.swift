import Core
import Foundation
import Hummingbird
import Store

/// `/v1/webhooks`: the receivers events are pushed to, and how their deliveries went. Admin scope.
struct WebhookController {
    let webhooks: WebhookRepository
    let maxBodyBytes: Int
    /// `GATEWAY_WEBHOOK_ALLOW_LOOPBACK`: receivers on this host (or link-local addresses) are accepted.
    var allowLoopback = false

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.admin)
            .post("webhooks", use: create)
            .get("webhooks", use: list)
            .get("webhooks/:id", use: show)
            .patch("webhooks/:id", use: update)
            .delete("webhooks/:id", use: delete)
            .get("webhooks/:id/deliveries", use: deliveries)
    }

    struct CreateBody: Decodable {
        let url: String
        let events: [String]
        let description: String?
    }

    struct PatchBody: Decodable {
        let url: String?
        let events: [String]?
        let description: String?
        let enabled: Bool?
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        WebhookResource
    > {
        let body = try await request.decodeJSON(CreateBody.self, maxBytes: maxBodyBytes)
        try await validate(url: body.url)
        try Self.validate(events: body.events)
        let webhook = try await webhooks.create(
            url: body.url, events: Self.ordered(body.events), description: body.description ?? "",
            secret: WebhookSignature.newSecret())
        return EditedResponse(status: .created, response: WebhookResource(webhook: webhook, showSecret: true))
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Page<WebhookResource> {
        Page(items: try await webhooks.list().map { WebhookResource(webhook: $0) }, nextCursor: nil)
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> WebhookResource {
        WebhookResource(webhook: try await find(context))
    }

    @Sendable func update(_ request: Request, context: GatewayRequestContext) async throws -> WebhookResource {
        let id = try await find(context).id
        let body = try await request.decodeJSON(PatchBody.self, maxBytes: maxBodyBytes)
        if let url = body.url { try await validate(url: url) }
        if let events = body.events { try Self.validate(events: events) }
        let changes = WebhookRepository.Changes(
            url: body.url, events: body.events.map(Self.ordered), description: body.description,
            enabled: body.enabled)
        guard let webhook = try await webhooks.update(id: id, changes) else { throw Self.notFound(id) }
        return WebhookResource(webhook: webhook)
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> HTTPResponse.Status {
        let id = try await find(context).id
        guard try await webhooks.delete(id: id) else { throw Self.notFound(id) }
        return .noContent
    }

    /// `GET /v1/webhooks/{id}/deliveries?limit=&cursor=`: newest event first; `next_cursor` pages on.
    @Sendable func deliveries(_ request: Request, context: GatewayRequestContext) async throws -> Page<
        DeliveryResource
    > {
        let id = try await find(context).id
        let query = request.uri.queryParameters
        let limit = try PageLimit.parse(query.get("limit"))
        let before = try EventController.sequence(query.get("cursor"), name: "cursor")
        let found = try await webhooks.deliveries(of: id, before: before, limit: limit)
        let next = found.count == limit ? found.last.map { "\($0.eventSequence)" } : nil
        return Page(items: found.map(DeliveryResource.init), nextCursor: next)
    }

    private func find(_ context: GatewayRequestContext) async throws -> Webhook {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text), let webhook = try await webhooks.find(id: id) else {
            throw APIError.notFound("webhook_not_found", "no webhook subscription '\(text)'")
        }
        return webhook
    }

    private static func notFound(_ id: UUID) -> APIError {
        APIError.notFound("webhook_not_found", "no webhook subscription '\(id.uuidString.lowercased())'")
    }

    /// The types in the order ``GatewayEvent/types`` lists them, each once.
    static func ordered(_ events: [String]) -> [String] {
        GatewayEvent.types.filter(events.contains)
    }

    static func validate(events: [String]) throws {
        guard !events.isEmpty else {
            throw invalid(
                "events", "events must name at least one event type: \(GatewayEvent.types.joined(separator: ", "))")
        }
        if let unknown = events.first(where: { !GatewayEvent.types.contains($0) }) {
            throw invalid(
                "events",
                "events: '\(unknown)' is not an event type; the types are \(GatewayEvent.types.joined(separator: ", "))"
            )
        }
    }

    /// An http(s) URL with a host and no credentials, whose host is not this machine nor link-local (unless
    /// ``allowLoopback``). A name is resolved, and each of its addresses must pass.
    func validate(url text: String) async throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw Self.invalid("url", "url must be an http:// or https:// URL")
        }
        guard let host = url.host, !host.isEmpty else { throw Self.invalid("url", "url must name a host") }
        guard url.user == nil, url.password == nil else {
            throw Self.invalid(
                "url", "url must not carry credentials (user:password@); the signature authenticates the gateway")
        }
        guard text.count <= 2048 else { throw Self.invalid("url", "url must be at most 2048 characters") }
        if allowLoopback { return }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var addresses: [IPAddress] = []
        if let address = IPAddress(bare) {
            addresses = [address]
        } else {
            addresses = await PrinterNetworks.resolve(bare)
        }
        guard !addresses.isEmpty else { throw Self.invalid("url", "url's host '\(bare)' does not resolve") }
        if let local = addresses.first(where: \.isLocalOnly) {
            throw Self.invalid(
                "url",
                "url's host '\(bare)' is \(local), a loopback or link-local address; receivers must be on the network "
                    + "(GATEWAY_WEBHOOK_ALLOW_LOOPBACK=true allows them)")
        }
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError.unprocessable("invalid_field", message, details: ["field": .string(field)])
    }
}

extension IPAddress {
    /// Loopback, link-local (169.254/16, fe80::/10) or unspecified (0.0.0.0, ::): reachable from this host only.
    var isLocalOnly: Bool {
        if isLoopback || bytes.allSatisfy({ $0 == 0 }) { return true }
        return isIPv4 ? bytes[0] == 169 && bytes[1] == 254 : bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80
    }
}

/// A subscription as the API shows it; its secret only in the answer that made it.
struct WebhookResource: ResponseEncodable {
    let webhook: Webhook
    var showSecret = false

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(webhook.id.uuidString.lowercased(), forKey: .id)
        try container.encode(webhook.url, forKey: .url)
        try container.encode(webhook.events, forKey: .events)
        try container.encode(webhook.description, forKey: .description)
        try container.encode(webhook.enabled, forKey: .enabled)
        if showSecret { try container.encode(webhook.secret, forKey: .secret) }
        try container.encode(webhook.lastDeliveryStatus, forKey: .lastDeliveryStatus)
        try container.encode(webhook.lastDeliveryAt, forKey: .lastDeliveryAt)
        try container.encode(webhook.lastDeliveryError, forKey: .lastDeliveryError)
        try container.encode(webhook.failedDeliveries, forKey: .failedDeliveries)
        try container.encode(webhook.createdAt, forKey: .createdAt)
        try container.encode(webhook.updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, url, events, description, enabled, secret
        case lastDeliveryStatus = "last_delivery_status"
        case lastDeliveryAt = "last_delivery_at"
        case lastDeliveryError = "last_delivery_error"
        case failedDeliveries = "failed_deliveries"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// One event's delivery to a subscription, as its latest attempt left it.
struct DeliveryResource: Encodable {
    let delivery: WebhookDelivery

    init(_ delivery: WebhookDelivery) { self.delivery = delivery }

    struct Event: Encodable {
        let id: String
        let type: String
        let sequence: Int64
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(String(delivery.id), forKey: .id)
        try container.encode(
            Event(
                id: delivery.eventID.uuidString.lowercased(), type: delivery.eventType, sequence: delivery.eventSequence
            ),
            forKey: .event)
        try container.encode(delivery.status, forKey: .status)
        try container.encode(delivery.attempts, forKey: .attempts)
        try container.encode(delivery.lastStatusCode, forKey: .statusCode)
        try container.encode(delivery.lastError, forKey: .error)
        try container.encode(delivery.lastDuration.map { Int($0.timeInterval * 1000) }, forKey: .durationMs)
        try container.encode(delivery.status == "pending" ? delivery.nextAttemptAt : nil, forKey: .nextAttemptAt)
        try container.encode(delivery.createdAt, forKey: .createdAt)
        try container.encode(delivery.updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, event, status, attempts, error
        case statusCode = "status_code"
        case durationMs = "duration_ms"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
