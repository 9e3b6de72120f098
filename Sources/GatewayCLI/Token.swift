import ArgumentParser
import Foundation
import Gateway

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a JWT signed with GATEWAY_JWT_SECRET.")

    /// What `--ttl 0` gives: every token needs an expiry, so "none" is ten years.
    static let longestTTL = 10 * 365 * 86_400

    @Option(help: "The token's subject (who uses it).") var subject = "gateway-client"
    @Option(help: "Seconds until it expires; 0 for ten years (every token expires).") var ttl = 86_400
    @Option(
        help: """
            What it may do: print (submit, read, reprint, cancel: what Odoo needs), operate (also run the queue) or \
            admin (also change printers and models, and discover printers).
            """)
    var scope: Scope = .print

    func validate() throws {
        guard ttl >= 0 else { throw ValidationError("--ttl must be 0 or more seconds") }
    }

    func run() async throws {
        let (_, configuration, _) = try loadConfiguration()
        try configuration.requireJWTSecret()
        var seconds = ttl
        if seconds == 0 {
            seconds = Self.longestTTL
            let warning = """
                warning: every token needs an expiry; this one expires in ten years. Rotate the secret \
                (GATEWAY_JWT_SECRET_PREVIOUS) to withdraw it sooner.

                """
            FileHandle.standardError.write(Data(warning.utf8))
        }
        let now = Date()
        let claims = GatewayClaims(
            subject: subject, scope: scope, issuedAt: now, expiresAt: now.addingTimeInterval(TimeInterval(seconds)))
        print(try await GatewayTokens(secret: configuration.jwtSecret).sign(claims))
    }
}

extension Scope: ExpressibleByArgument {}
