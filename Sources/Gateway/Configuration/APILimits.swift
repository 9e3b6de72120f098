import Configuration
import Core

/// What the API listener allows one client and all of them: connections, read deadlines, bodies in memory, request
/// rates, and which addresses may call at all.
public struct APILimits: Sendable {
    /// An idle keep-alive connection is closed after this long (`GATEWAY_HTTP_IDLE_SECONDS`).
    public var idleTimeout: Duration = .seconds(60)
    /// A request's head must arrive whole within this long of its first byte (`GATEWAY_HTTP_HEADER_SECONDS`).
    public var headerTimeout: Duration = .seconds(10)
    /// A request's body must arrive whole within this long of its head (`GATEWAY_HTTP_BODY_SECONDS`).
    public var bodyTimeout: Duration = .seconds(30)
    /// The most connections open at once; one more is closed at once (`GATEWAY_HTTP_CONNECTIONS`).
    public var maxConnections = 512
    /// The most connections open at once from one peer address (`GATEWAY_HTTP_CONNECTIONS_PER_CLIENT`).
    public var maxConnectionsPerClient = 64
    /// The request bodies held in memory at once, in bytes, across all requests (`GATEWAY_HTTP_BODY_BUDGET_BYTES`).
    public var bodyBudgetBytes = 64 << 20
    /// Requests a second per token subject, and how many may come at once (`GATEWAY_RATE_SUBJECT_PER_SECOND`,
    /// `GATEWAY_RATE_SUBJECT_BURST`). One shared token for all of a site's Odoo users is normal, so this is what
    /// a whole plant asks of it, with room: far above polling and submitting, far below what floods the gateway.
    public var subjectRate = Rate(perSecond: 200, burst: 400)
    /// Requests a second per client address (`GATEWAY_RATE_CLIENT_PER_SECOND`, `GATEWAY_RATE_CLIENT_BURST`); the
    /// Odoo server is one address for all its users.
    public var clientRate = Rate(perSecond: 400, burst: 800)
    /// Failed authentications a second per client address; past the burst, the address gets 429 before its token
    /// is even read (`GATEWAY_RATE_AUTH_FAILURES_PER_SECOND`, `GATEWAY_RATE_AUTH_FAILURES_BURST`).
    public var authFailureRate = Rate(perSecond: 0.1, burst: 10)
    /// The clients the API answers; empty: every one (`GATEWAY_ALLOWED_CLIENTS`).
    public var allowedClients: [AddressRange] = []
    /// The peers whose `X-Forwarded-For` names the client (`GATEWAY_TRUSTED_PROXIES`).
    public var trustedProxies: [AddressRange] = []
    /// The hosts printer URIs and discovery may reach; empty: any (`GATEWAY_PRINTER_NETWORKS`).
    public var printerNetworks: [AddressRange] = []

    /// A token bucket's settings.
    public struct Rate: Sendable, Equatable {
        public var perSecond: Double
        public var burst: Int
        public init(perSecond: Double, burst: Int) {
            self.perSecond = perSecond
            self.burst = burst
        }
    }

    public init() {}
}

extension GatewayConfiguration.Key {
    public static let idleSeconds = "gateway.http.idle.seconds"
    public static let headerSeconds = "gateway.http.header.seconds"
    public static let bodySeconds = "gateway.http.body.seconds"
    public static let maxConnections = "gateway.http.connections"
    public static let maxConnectionsPerClient = "gateway.http.connections.per.client"
    public static let maxBodyBytes = "gateway.http.body.max.bytes"
    public static let bodyBudgetBytes = "gateway.http.body.budget.bytes"
    public static let subjectRate = "gateway.rate.subject.per.second"
    public static let subjectBurst = "gateway.rate.subject.burst"
    public static let clientRate = "gateway.rate.client.per.second"
    public static let clientBurst = "gateway.rate.client.burst"
    public static let authFailureRate = "gateway.rate.auth.failures.per.second"
    public static let authFailureBurst = "gateway.rate.auth.failures.burst"
    public static let allowedClients = "gateway.allowed.clients"
    public static let trustedProxies = "gateway.trusted.proxies"
    public static let printerNetworks = "gateway.printer.networks"
}

extension APILimits {
    typealias Key = GatewayConfiguration.Key

    /// Reads every limit from `config`; unset ones keep their defaults.
    init(config: ConfigReader) throws(ConfigurationError) {
        self.init()
        if let seconds = try config.number(Key.idleSeconds, in: 0.1...86_400) {
            idleTimeout = Duration(timeInterval: seconds)
        }
        if let seconds = try config.number(Key.headerSeconds, in: 0.1...3600) {
            headerTimeout = Duration(timeInterval: seconds)
        }
        if let seconds = try config.number(Key.bodySeconds, in: 0.1...3600) {
            bodyTimeout = Duration(timeInterval: seconds)
        }
        if let count = try config.integer(Key.maxConnections, in: 1...1_000_000) { maxConnections = count }
        if let count = try config.integer(Key.maxConnectionsPerClient, in: 1...1_000_000) {
            maxConnectionsPerClient = count
        }
        if let bytes = try config.integer(Key.bodyBudgetBytes, in: 1024...(1 << 40)) { bodyBudgetBytes = bytes }
        subjectRate = try Self.rate(config, Key.subjectRate, Key.subjectBurst, default: subjectRate)
        clientRate = try Self.rate(config, Key.clientRate, Key.clientBurst, default: clientRate)
        authFailureRate = try Self.rate(config, Key.authFailureRate, Key.authFailureBurst, default: authFailureRate)
        allowedClients = try Self.ranges(config, Key.allowedClients)
        trustedProxies = try Self.ranges(config, Key.trustedProxies)
        printerNetworks = try Self.ranges(config, Key.printerNetworks)
    }

    private static func rate(_ config: ConfigReader, _ rateKey: String, _ burstKey: String, default rate: Rate)
        throws(ConfigurationError) -> Rate
    {
        var rate = rate
        if let perSecond = try config.number(rateKey, in: 0.0001...1_000_000) { rate.perSecond = perSecond }
        if let burst = try config.integer(burstKey, in: 1...1_000_000) { rate.burst = burst }
        return rate
    }

    private static func ranges(_ config: ConfigReader, _ key: String) throws(ConfigurationError) -> [AddressRange] {
        var problem = ""
        let ranges = try config.setting(key, problem) { text in
            do throws(AddressRangeError) { return try AddressRange.list(text) } catch {
                problem = "has \(error.message)"
                return nil
            }
        }
        return ranges ?? []
    }

    /// Every limit as its variable's key and value, for the configuration's description.
    var settings: [(key: String, value: String)] {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        }
        func list(_ ranges: [AddressRange]) -> String { ranges.map(\.description).joined(separator: ",") }
        return [
            (Key.idleSeconds, number(idleTimeout.timeInterval)),
            (Key.headerSeconds, number(headerTimeout.timeInterval)),
            (Key.bodySeconds, number(bodyTimeout.timeInterval)),
            (Key.maxConnections, "\(maxConnections)"),
            (Key.maxConnectionsPerClient, "\(maxConnectionsPerClient)"),
            (Key.bodyBudgetBytes, "\(bodyBudgetBytes)"),
            (Key.subjectRate, number(subjectRate.perSecond)),
            (Key.subjectBurst, "\(subjectRate.burst)"),
            (Key.clientRate, number(clientRate.perSecond)),
            (Key.clientBurst, "\(clientRate.burst)"),
            (Key.authFailureRate, number(authFailureRate.perSecond)),
            (Key.authFailureBurst, "\(authFailureRate.burst)"),
            (Key.allowedClients, list(allowedClients)),
            (Key.trustedProxies, list(trustedProxies)),
            (Key.printerNetworks, list(printerNetworks)),
        ]
    }
}
