import Configuration
import Core
import Foundation
import Logging
import Store

/// Everything the gateway reads at start, through a `ConfigReader` (see ``reader(environment:dotEnvPath:)``: the
/// environment over a `.env` file). Its `description` shows every setting under its variable's name, secrets as
/// `<REDACTED>`.
public struct GatewayConfiguration: Sendable {
    public var databaseURL: String
    public var jwtSecret: String
    /// The secret tokens were signed with before a rotation (`GATEWAY_JWT_SECRET_PREVIOUS`): still accepted, never
    /// used to sign. Empty: none.
    public var jwtPreviousSecret: String = ""
    public var httpHost: String
    public var httpPort: Int
    public var templatesDirectory: String
    /// Empty: drive the printers of every site.
    public var site: String
    public var logLevel: Logger.Level
    public var engine: EngineConfiguration
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes: Int
    /// How often idle printers are asked for their status.
    public var statusInterval: Duration = .seconds(30)
    /// How lots are written: prefix, day, counter digits.
    public var lotFormat = LotRepository.Format()
    /// How long the rendered ZPL of each label is kept (for reprints and audits).
    public var zplRetention: Duration = .seconds(14 * 86_400)
    /// The most connections the gateway opens to the database, shared by the engine and the API: the pool's (opened
    /// when needed, closed when idle) and, when that leaves the pool at least ``minimumPoolWithReads``, one kept
    /// open per event loop for job reads.
    public var databaseConnections = GatewayConfiguration.defaultDatabaseConnections
    /// The fewest pool connections left once job reads have connections of their own.
    public static let minimumPoolWithReads = 8
    /// Connections, deadlines, bodies, rates and addresses the API listener allows.
    public var limits = APILimits()
    /// How often a quiet event stream gets a heartbeat comment.
    public var eventHeartbeat: Duration = .seconds(15)
    /// Webhook receivers on loopback or link-local addresses are accepted (`GATEWAY_WEBHOOK_ALLOW_LOOPBACK`); off,
    /// a subscription must name a host on the network.
    public var webhookAllowLoopback = false
    /// The certificate and key the API listener serves HTTPS with; nil: plain HTTP.
    public var tls: TLSFiles?
    /// The read-only dashboard's listener; nil: none. Read from the environment it is
    /// ``DashboardSettings/defaultAddress`` unless `GATEWAY_DASHBOARD_ADDRESS` is empty.
    public var dashboard: DashboardSettings?

    /// What the database can work on at once, not one per printer: the engine and the API hold a connection only
    /// while a statement or a short transaction runs (a submit, a checkpoint and each half of a job start are one
    /// statement), and the two listeners hold one each. More connections than the database's cores can serve only
    /// add waiting: 40 printers of 100 labels each on 2 cores, first burst, printed 5,591 labels/s with 12, 4,746
    /// with 16, 3,498 with 24 and about 2,500 with 50 (`scripts/bench`'s fleet row).
    public static let defaultDatabaseConnections = 16

    public static let defaultDatabaseURL = "postgres://gateway@127.0.0.1:5432/gateway"

    public init(
        databaseURL: String = GatewayConfiguration.defaultDatabaseURL,
        jwtSecret: String = "",
        httpHost: String = "127.0.0.1",
        httpPort: Int = 8080,
        templatesDirectory: String = "templates",
        site: String = "",
        logLevel: Logger.Level = .info,
        engine: EngineConfiguration = EngineConfiguration(),
        maxBodyBytes: Int = 16 << 20
    ) {
        self.databaseURL = databaseURL
        self.jwtSecret = jwtSecret
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.templatesDirectory = templatesDirectory
        self.site = site
        self.logLevel = logLevel
        self.engine = engine
        self.maxBodyBytes = maxBodyBytes
    }

    /// Reads every setting from `config`; an unset or empty one keeps its default, a bad one is an error naming
    /// its variable. The keys (`database.url` is `DATABASE_URL` in the environment) are those of ``Key``.
    public init(config: ConfigReader) throws(ConfigurationError) {
        self.init()
        if let url = config.text(Key.databaseURL), !url.isEmpty {
            do { _ = try DatabaseURL(url) } catch {
                throw ConfigurationError("\(ConfigReader.variable(Key.databaseURL)) \(error.message)")
            }
            databaseURL = url
        }
        jwtSecret = config.text(Key.jwtSecret) ?? ""
        jwtPreviousSecret = config.text(Key.jwtPreviousSecret) ?? ""
        if case let (host, port)? = try config.setting(Key.httpAddress, "is not host:port", Self.hostAndPort) {
            httpHost = host
            httpPort = port
        }
        if let directory = config.text(Key.templatesDirectory), !directory.isEmpty {
            templatesDirectory = directory
        }
        site = config.text(Key.site) ?? ""
        let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
        if let level = try config.setting(
            Key.logLevel, "is not one of \(levels)", { Logger.Level(rawValue: $0.lowercased()) })
        {
            logLevel = level
        }
        engine.site = site.isEmpty ? nil : site
        if let window = try config.integer(Key.window, in: 1...100) { engine.window = window }
        if let millis = try config.number(Key.windowMilliseconds, in: 10...60_000) {
            engine.windowDuration = Duration(timeInterval: millis / 1000)
        }
        if let seconds = try config.number(Key.leaseSeconds, in: 1...3600) {
            engine.leaseDuration = Duration(timeInterval: seconds)
        }
        if let millis = try config.number(Key.idleHoldMilliseconds, in: 0...60_000) {
            engine.idleHold = Duration(timeInterval: millis / 1000)
        }
        if let millis = try config.number(Key.pollMilliseconds, in: 10...60_000) {
            engine.pollInterval = Duration(timeInterval: millis / 1000)
        }
        if let seconds = try config.number(Key.waitSeconds, in: 0.05...3600) {
            engine.waitInterval = Duration(timeInterval: seconds)
        }
        if let seconds = try config.number(Key.claimSeconds, in: 0.05...3600) {
            engine.claimInterval = Duration(timeInterval: seconds)
        }
        if let owner = config.text(Key.owner), !owner.isEmpty { engine.owner = owner }
        // An empty prefix is a choice (lots without one), not an unset variable.
        if let prefix = config.text(Key.lotPrefix) {
            guard prefix.count <= 8, prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ConfigurationError(
                    "\(ConfigReader.variable(Key.lotPrefix)) '\(prefix)' must be up to 8 letters or digits")
            }
            lotFormat.prefix = prefix
        }
        if let digits = try config.integer(Key.lotDigits, in: 3...8) { lotFormat.digits = digits }
        if let days = try config.number(Key.zplRetentionDays, in: 0.001...3650) {
            zplRetention = Duration(timeInterval: days * 86_400)
        }
        if let seconds = try config.number(Key.statusSeconds, in: 1...86_400) {
            statusInterval = Duration(timeInterval: seconds)
        }
        // Two at least: the job notifications hold one for as long as the gateway runs.
        if let connections = try config.integer(Key.databaseConnections, in: 2...1000) {
            databaseConnections = connections
        }
        if let allow = try config.setting(Key.webhookAllowLoopback, "must be true or false", Self.boolean) {
            webhookAllowLoopback = allow
        }
        if let bytes = try config.integer(Key.maxBodyBytes, in: 1024...(1 << 30)) { maxBodyBytes = bytes }
        limits = try APILimits(config: config)
        tls = try Self.tlsFiles(config: config)
        dashboard = try DashboardSettings.read(from: config)
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`).
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// `host:port` with a host and a port in 0…65535 (0: any free port).
    static func hostAndPort(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
            let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        return (String(address[..<colon]), port)
    }

    /// The shortest secret HS256 takes: as many bytes as its hash (RFC 7518 §3.2; jwt-kit asserts it).
    public static let minimumSecretBytes = 32

    /// Refuses to serve without a usable token secret.
    public func requireJWTSecret() throws(ConfigurationError) {
        guard jwtSecret.utf8.count >= Self.minimumSecretBytes else {
            throw ConfigurationError(
                "GATEWAY_JWT_SECRET must be set to at least \(Self.minimumSecretBytes) characters (in the environment "
                    + "or .env; HS256 needs a key as long as its 256-bit hash, RFC 7518 §3.2): openssl rand -hex 32 "
                    + "makes one")
        }
        guard jwtPreviousSecret.isEmpty || jwtPreviousSecret.utf8.count >= Self.minimumSecretBytes else {
            throw ConfigurationError(
                "GATEWAY_JWT_SECRET_PREVIOUS, when set, must be at least \(Self.minimumSecretBytes) characters")
        }
    }
}
