import Configuration
import Foundation

extension ConfigReader {
    /// The environment variable that sets `key`, as the environment providers spell it: `gateway.jwt.secret` is
    /// `GATEWAY_JWT_SECRET`.
    public static func variable(_ key: String) -> String {
        key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// The text of `key` as given, nil when unset; read as a secret when it is one of the gateway's secrets.
    func text(_ key: String) -> String? {
        string(forKey: ConfigKey(key), isSecret: GatewayConfiguration.secretKeys.contains(key))
    }

    /// The value `parse` makes of `key`; nil when unset or empty. Text that `parse` refuses is an error naming the
    /// variable, quoting the text (unless it is a secret) and saying `problem`.
    public func setting<Value>(
        _ key: String, _ problem: @autoclosure () -> String, _ parse: (String) -> Value?
    ) throws(ConfigurationError) -> Value? {
        guard let text = text(key), !text.isEmpty else { return nil }
        guard let value = parse(text) else {
            let given = GatewayConfiguration.secretKeys.contains(key) ? "" : " '\(text)'"
            throw ConfigurationError("\(Self.variable(key))\(given) \(problem())")
        }
        return value
    }

    /// A whole number in `range`; nil when unset or empty.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        try setting(key, "must be a whole number in \(range.lowerBound)…\(range.upperBound)") { text in
            Int(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A number in `range`; nil when unset or empty.
    func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        try setting(key, "must be a number in \(range.lowerBound)…\(range.upperBound)") { text in
            Double(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }
}
