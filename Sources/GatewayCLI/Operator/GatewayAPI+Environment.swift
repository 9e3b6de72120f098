import Configuration
import Foundation
import Gateway

extension GatewayAPI {
    /// Where the API is when `GATEWAY_URL` is not set: `gateway serve`'s default address.
    static let defaultURL = "http://127.0.0.1:8080"
    /// How long a token this command signs stays valid: long enough to watch a day's batch.
    static let signedTokenLifetime: TimeInterval = 12 * 3600

    /// The API of `GATEWAY_URL`, with `GATEWAY_TOKEN`, or else a token signed with `GATEWAY_JWT_SECRET` for `scope`
    /// (the environment over `./.env`, as for every command).
    static func configured(for scope: Scope) async throws(OperatorError) -> GatewayAPI {
        let settings: ConfigReader
        do { settings = try GatewayConfiguration.reader() } catch {
            throw OperatorError(.setup, error.message)
        }
        let base = settings.string(forKey: ConfigKey("gateway.url")) ?? ""
        let url = base.isEmpty ? defaultURL : base
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
        else {
            throw OperatorError(.setup, "GATEWAY_URL '\(url)' is not an http:// or https:// address")
        }
        if let token = settings.string(forKey: ConfigKey("gateway.token"), isSecret: true), !token.isEmpty {
            return GatewayAPI(base: url, token: token)
        }
        let secret = settings.string(forKey: ConfigKey(GatewayConfiguration.Key.jwtSecret), isSecret: true) ?? ""
        guard !secret.isEmpty else {
            throw OperatorError(
                .setup,
                "set GATEWAY_TOKEN (a token from `gateway token --scope \(scope)`) or GATEWAY_JWT_SECRET to reach \(url)"
            )
        }
        guard secret.utf8.count >= GatewayConfiguration.minimumSecretBytes else {
            throw OperatorError(
                .setup,
                "GATEWAY_JWT_SECRET must be at least \(GatewayConfiguration.minimumSecretBytes) characters, as the "
                    + "gateway's is; or set GATEWAY_TOKEN")
        }
        let now = Date()
        let claims = GatewayClaims(
            subject: "gateway-cli:\(ProcessInfo.processInfo.environment["USER"] ?? "operator")", scope: scope,
            issuedAt: now, expiresAt: now.addingTimeInterval(signedTokenLifetime))
        do {
            return GatewayAPI(base: url, token: try await GatewayTokens(secret: secret).sign(claims))
        } catch {
            throw OperatorError(.setup, "cannot sign a token with GATEWAY_JWT_SECRET: \(error)")
        }
    }
}
