import Configuration
import Foundation

extension GatewayConfiguration {
    /// The keys the gateway reads. The environment spells each as ``ConfigReader/variable(_:)`` does
    /// (`gateway.poll.ms` is `GATEWAY_POLL_MS`).
    public enum Key {
        public static let databaseURL = "database.url"
        public static let jwtSecret = "gateway.jwt.secret"
        public static let jwtPreviousSecret = "gateway.jwt.secret.previous"
        public static let httpAddress = "gateway.http.address"
        public static let templatesDirectory = "gateway.templates.dir"
        public static let site = "gateway.site"
        public static let logLevel = "log.level"
        public static let window = "gateway.window"
        public static let windowMilliseconds = "gateway.window.ms"
        public static let leaseSeconds = "gateway.lease.seconds"
        public static let idleHoldMilliseconds = "gateway.idle.hold.ms"
        public static let pollMilliseconds = "gateway.poll.ms"
        public static let waitSeconds = "gateway.wait.seconds"
        public static let claimSeconds = "gateway.claim.seconds"
        public static let owner = "gateway.owner"
        public static let lotPrefix = "gateway.lot.prefix"
        public static let lotDigits = "gateway.lot.digits"
        public static let zplRetentionDays = "gateway.zpl.retention.days"
        public static let statusSeconds = "gateway.status.seconds"
        public static let databaseConnections = "gateway.database.connections"
        public static let webhookAllowLoopback = "gateway.webhook.allow.loopback"
        public static let dashboardAddress = "gateway.dashboard.address"
        public static let dashboardAllowRemote = "gateway.dashboard.allow.remote"
    }

    /// The keys whose values are secrets (the database URL holds its password). They are marked secret in the
    /// providers and at every read, so the library's access log (`CONFIG_ACCESS_LOG_FILE`) and the providers'
    /// descriptions show `<REDACTED>`.
    public static let secretKeys: Set<String> = [Key.databaseURL, Key.jwtSecret, Key.jwtPreviousSecret]

    /// The gateway's settings: `environment` (the process's) over the `.env` file at `dotEnvPath`, when there is
    /// one.
    ///
    /// ``DotEnv`` reads the file (quotes, `export `, trailing comments) and an `EnvironmentVariablesProvider` serves
    /// its values, as another serves the environment's: the library's own `.env` reader keeps quotes in values and
    /// skips `export` lines, which files written for shells and Docker use.
    public static func reader(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        dotEnvPath: String = ".env",
        accessReporter: (any AccessReporter)? = nil
    ) throws(ConfigurationError) -> ConfigReader {
        var dotEnv: [String: String] = [:]
        if FileManager.default.fileExists(atPath: dotEnvPath) {
            do { dotEnv = try DotEnv.read(path: dotEnvPath) } catch {
                throw ConfigurationError("\(dotEnvPath) cannot be read: \(error.localizedDescription)")
            }
        }
        let secrets = SecretsSpecifier<String, String>.specific(Set(secretKeys.map(ConfigReader.variable)))
        return ConfigReader(
            providers: [
                EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets),
                EnvironmentVariablesProvider(environmentVariables: dotEnv, secretsSpecifier: secrets),
            ],
            accessReporter: accessReporter)
    }
}
