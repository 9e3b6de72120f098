import Foundation
import ProcessSupport
import Testing

/// `gateway token` as an operator runs it.
@Suite("Processes: gateway token")
struct TokenCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ChildProcess.run(
            GatewayProcess.executable, ["token"] + arguments, environment: ["GATEWAY_JWT_SECRET": GatewayServer.secret],
            timeout: 30)
    }

    /// The `exp` of a token's payload, read without verifying (the gateway's tests verify).
    static func expiry(_ token: String) -> TimeInterval? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return (object["exp"] as? NSNumber)?.doubleValue
    }

    @Test("--ttl sets exp; --ttl 0 gives ten years and says so; a negative ttl is refused")
    func ttl() throws {
        let now = Date().timeIntervalSince1970
        let day = try Self.run(["--subject", "odoo"])
        #expect(day.status == 0, "\(day.output)")
        let dayExpiry = try #require(Self.expiry(String(day.output.split(separator: "\n").last ?? "")))
        #expect(abs(dayExpiry - (now + 86_400)) < 120, "a day by default")

        let forever = try Self.run(["--ttl", "0"])
        #expect(forever.status == 0, "\(forever.output)")
        #expect(forever.output.contains("warning: every token needs an expiry; this one expires in ten years"))
        let tenYears = try #require(Self.expiry(String(forever.output.split(separator: "\n").last ?? "")))
        #expect(abs(tenYears - (now + 10 * 365 * 86_400)) < 120)

        let negative = try Self.run(["--ttl=-5"])
        #expect(negative.status != 0)
        #expect(negative.output.contains("--ttl must be 0 or more seconds"), "\(negative.output)")
    }
}
