import Foundation
import ProcessSupport
import Testing

/// A bad setting stops a `gateway` command before it does anything, with one line naming the variable.
@Suite("Processes: configuration errors")
struct ConfigurationCommandTests {
    static func run(_ arguments: [String], _ environment: [String: String]) throws -> (status: Int32, output: String) {
        try ChildProcess.run(GatewayProcess.executable, arguments, environment: environment, timeout: 60)
    }

    @Test("CUPS_SERVER is read with the rest: a bad one stops `printers discover`")
    func cupsServer() throws {
        let bad = try Self.run(["printers", "discover"], ["CUPS_SERVER": "printhost:99999"])
        #expect(bad.status == 1)
        #expect(
            bad.output.contains("error: CUPS_SERVER 'printhost:99999' is not a socket path, host or host:port"),
            "\(bad.output)")
    }

    @Test("a bad engine setting or database URL stops `migrate` before it connects; no password is printed")
    func migrate() throws {
        let window = try Self.run(["migrate"], ["GATEWAY_WINDOW": "0"])
        #expect(window.status == 1)
        #expect(window.output.contains("error: GATEWAY_WINDOW '0' must be a whole number in 1…100"), "\(window.output)")
        let url = try Self.run(["migrate"], ["DATABASE_URL": "postgres://app:pg-pass-4f7c1e@db/x?sslmode=sometimes"])
        #expect(url.status == 1)
        #expect(url.output.contains("error: DATABASE_URL sslmode 'sometimes' is not supported"), "\(url.output)")
        #expect(!url.output.contains("pg-pass-4f7c1e"))
    }
}
