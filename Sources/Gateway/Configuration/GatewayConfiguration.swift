import Core
import Foundation
import Logging
import Store

/// Everything the gateway reads at start, from the environment and a `.env` file (the environment wins).
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

    /// Reads the configuration; `environment` defaults to the process environment merged over `./.env`.
    public static func load(
        environment: [String: String] = GatewayConfiguration.processEnvironment()
    ) throws(ConfigurationError) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        let env = environment
        if let url = env["DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        configuration.jwtSecret = env["GATEWAY_JWT_SECRET"] ?? ""
        configuration.jwtPreviousSecret = env["GATEWAY_JWT_SECRET_PREVIOUS"] ?? ""
        if let address = env["GATEWAY_HTTP_ADDRESS"], !address.isEmpty {
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                (0...65535).contains(port)
            else { throw ConfigurationError("GATEWAY_HTTP_ADDRESS '\(address)' is not host:port") }
            configuration.httpHost = String(address[..<colon])
            configuration.httpPort = port
        }
        if let directory = env["GATEWAY_TEMPLATES_DIR"], !directory.isEmpty {
            configuration.templatesDirectory = directory
        }
        configuration.site = env["GATEWAY_SITE"] ?? ""
        if let level = env["LOG_LEVEL"], !level.isEmpty {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError(
                    "LOG_LEVEL '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            configuration.logLevel = parsed
        }
        configuration.engine.site = configuration.site.isEmpty ? nil : configuration.site
        if let window = try env.int("GATEWAY_WINDOW", in: 1...100) { configuration.engine.window = window }
        if let seconds = try env.double("GATEWAY_LEASE_SECONDS", in: 1...3600) {
            configuration.engine.leaseDuration = Duration(timeInterval: seconds)
        }
        if let millis = try env.double("GATEWAY_POLL_MS", in: 10...60_000) {
            configuration.engine.pollInterval = Duration(timeInterval: millis / 1000)
        }
        if let seconds = try env.double("GATEWAY_WAIT_SECONDS", in: 0.05...3600) {
            configuration.engine.waitInterval = Duration(timeInterval: seconds)
        }
        if let seconds = try env.double("GATEWAY_CLAIM_SECONDS", in: 0.05...3600) {
            configuration.engine.claimInterval = Duration(timeInterval: seconds)
        }
        if let owner = env["GATEWAY_OWNER"], !owner.isEmpty { configuration.engine.owner = owner }
        if let prefix = env["GATEWAY_LOT_PREFIX"] {
            guard prefix.count <= 8, prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ConfigurationError("GATEWAY_LOT_PREFIX '\(prefix)' must be up to 8 letters or digits")
            }
            configuration.lotFormat.prefix = prefix
        }
        if let digits = try env.int("GATEWAY_LOT_DIGITS", in: 3...8) { configuration.lotFormat.digits = digits }
        if let days = try env.double("GATEWAY_ZPL_RETENTION_DAYS", in: 0.001...3650) {
            configuration.zplRetention = Duration(timeInterval: days * 86_400)
        }
        if let seconds = try env.double("GATEWAY_STATUS_SECONDS", in: 1...86_400) {
            configuration.statusInterval = Duration(timeInterval: seconds)
        }
        return configuration
    }

    /// The process environment over the values of `.env` in the working directory, if there is one.
    public static func processEnvironment(dotEnvPath: String = ".env") -> [String: String] {
        var values = (try? DotEnv.read(path: dotEnvPath)) ?? [:]
        values.merge(ProcessInfo.processInfo.environment) { _, process in process }
        return values
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

/// A configuration value that cannot be used, with what to fix.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Dictionary where Key == String, Value == String {
    fileprivate func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                "\(name) '\(text)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    fileprivate func double(_ name: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw ConfigurationError("\(name) '\(text)' must be a number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }
}
