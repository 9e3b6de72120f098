import Configuration
import Core
import Foundation

/// Where the read-only dashboard listens (`GATEWAY_DASHBOARD_ADDRESS`, default `127.0.0.1:8081`; empty turns it
/// off). It has no login, so an address other than loopback is refused unless `GATEWAY_DASHBOARD_ALLOW_REMOTE` is
/// true.
public struct DashboardSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The address is not loopback, and that was asked for.
    public var allowRemote: Bool

    public static let defaultAddress = "127.0.0.1:8081"

    public init(host: String = "127.0.0.1", port: Int = 8081, allowRemote: Bool = false) {
        (self.host, self.port, self.allowRemote) = (host, port, allowRemote)
    }

    /// True for `localhost`, 127.0.0.0/8 and `::1`.
    public var isLoopback: Bool {
        host.lowercased() == "localhost" || (IPAddress(host)?.isLoopback ?? false)
    }

    /// The settings `config` gives; nil when `GATEWAY_DASHBOARD_ADDRESS` is set and empty. A bad address, or one
    /// that is not loopback without the opt-in, is an error naming the variables.
    static func read(from config: ConfigReader) throws(ConfigurationError) -> DashboardSettings? {
        let key = GatewayConfiguration.Key.dashboardAddress
        let variable = ConfigReader.variable(key)
        let text = config.text(key) ?? defaultAddress
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        guard let (host, port) = GatewayConfiguration.hostAndPort(text) else {
            throw ConfigurationError("\(variable) '\(text)' is not host:port (empty turns the dashboard off)")
        }
        let allowKey = GatewayConfiguration.Key.dashboardAllowRemote
        let allow = try config.setting(allowKey, "must be true or false", GatewayConfiguration.boolean) ?? false
        let settings = DashboardSettings(host: host, port: port, allowRemote: allow)
        guard settings.isLoopback || allow else {
            throw ConfigurationError(
                "\(variable) '\(text)' is not a loopback address: the dashboard has no login, so it listens on "
                    + "127.0.0.1 or ::1 only; set \(ConfigReader.variable(allowKey))=true to serve it on \(host) "
                    + "anyway (behind a proxy that checks who calls), or leave \(variable) empty to turn it off")
        }
        return settings
    }
}
