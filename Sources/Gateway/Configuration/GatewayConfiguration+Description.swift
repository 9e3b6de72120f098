import Configuration
import Core
import Store

extension GatewayConfiguration: CustomStringConvertible {
    /// Every setting as `VARIABLE=value` in the variable's unit; a secret that is set shows as `<REDACTED>`, as does
    /// the database URL's password.
    public var description: String {
        func secret(_ value: String) -> String { value.isEmpty ? "" : "<REDACTED>" }
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        }
        let database = (try? DatabaseURL(databaseURL)).map(String.init(describing:)) ?? "<REDACTED>"
        let settings: [(key: String, value: String)] =
            [
                (Key.databaseURL, database),
                (Key.jwtSecret, secret(jwtSecret)),
                (Key.jwtPreviousSecret, secret(jwtPreviousSecret)),
                (Key.httpAddress, "\(httpHost):\(httpPort)"),
                (Key.templatesDirectory, templatesDirectory),
                (Key.site, site),
                (Key.logLevel, logLevel.rawValue),
                (Key.window, "\(engine.window)"),
                (Key.windowMilliseconds, number(engine.windowDuration.timeInterval * 1000)),
                (Key.leaseSeconds, number(engine.leaseDuration.timeInterval)),
                (Key.idleHoldMilliseconds, number(engine.idleHold.timeInterval * 1000)),
                (Key.pollMilliseconds, number(engine.pollInterval.timeInterval * 1000)),
                (Key.waitSeconds, number(engine.waitInterval.timeInterval)),
                (Key.claimSeconds, number(engine.claimInterval.timeInterval)),
                (Key.owner, engine.owner),
                (Key.lotPrefix, lotFormat.prefix),
                (Key.lotDigits, "\(lotFormat.digits)"),
                (Key.zplRetentionDays, number(zplRetention.timeInterval / 86_400)),
                (Key.statusSeconds, number(statusInterval.timeInterval)),
                (Key.databaseConnections, "\(databaseConnections)"),
                (Key.maxBodyBytes, "\(maxBodyBytes)"),
                (Key.webhookAllowLoopback, "\(webhookAllowLoopback)"),
                (Key.dashboardAddress, dashboard.map { "\($0.host):\($0.port)" } ?? ""),
                (Key.dashboardAllowRemote, "\(dashboard?.allowRemote ?? false)"),
            ] + limits.settings + tlsSettings
        return settings.map { "\(ConfigReader.variable($0.key))=\($0.value)" }.joined(separator: " ")
    }
}
