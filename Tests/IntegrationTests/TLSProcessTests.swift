import AsyncHTTPClient
import Foundation
import GatewayTestSupport
import NIOSSL
import ProcessSupport
import Testing

/// `gateway serve` over HTTPS as a site runs it: certificates renewed under a running process and SIGHUP, bad
/// files refused at start, `gateway health` against the TLS port.
@Suite("HTTPS in a gateway process")
struct TLSProcessTests {
    /// Whether a client that trusts only the CA in `caFile` gets `/health` from `port` on a new connection.
    static func trusted(by caFile: String, port: Int) async -> Bool {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caFile)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let status = try? await client.execute(
            HTTPClientRequest(url: "https://localhost:\(port)/health"), timeout: .seconds(5)
        ).status.code
        try? await client.shutdown()
        return status == 200
    }

    @Test("after a renewal and SIGHUP the next connection gets the new certificate; a broken renewal keeps the old")
    func sighupReloadsTheCertificate() async throws {
        try await withTestDatabase { database in
            let folder = try TemporaryFolder(prefix: "gw-tls")
            defer { folder.remove() }
            let first = try TestCertificateAuthority(name: "First CA")
            let second = try TestCertificateAuthority(name: "Second CA")
            try first.write(to: folder.file("first-ca.pem"))
            try second.write(to: folder.file("second-ca.pem"))
            let (certificate, key) = (folder.file("server.pem"), folder.file("server.key"))
            try first.issue().write(certificate: certificate, key: key)
            let port = try freeLoopbackPort()
            let gateway = try GatewayServer.serve(
                databaseURL: database.url, owner: "gw-tls", window: 4, leaseSeconds: 5,
                address: "127.0.0.1:\(port)",
                environment: ["GATEWAY_TLS_CERT_FILE": certificate, "GATEWAY_TLS_KEY_FILE": key, "LOG_LEVEL": "info"])
            defer { gateway.stop() }
            let up = try await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
                await Self.trusted(by: folder.file("first-ca.pem"), port: port)
            } until: {
                $0
            }
            try #require(up, "gateway serve did not answer over HTTPS with the first certificate")
            #expect(await !Self.trusted(by: folder.file("second-ca.pem"), port: port))

            try second.issue().write(certificate: certificate, key: key)
            gateway.kill(signal: SIGHUP)
            let renewed = try await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
                await Self.trusted(by: folder.file("second-ca.pem"), port: port)
            } until: {
                $0
            }
            #expect(renewed, "the renewed certificate was not served after SIGHUP")
            #expect(await !Self.trusted(by: folder.file("first-ca.pem"), port: port))

            // A key that is not the certificate's: the reload is refused and logged, the renewed pair stays.
            try first.issue().write(certificate: nil, key: key)
            gateway.kill(signal: SIGHUP)
            let logged = try await eventually(timeout: .seconds(10)) {
                gateway.logLines.first(containing: "TLS certificate not reloaded")
            } until: {
                $0 != nil
            }
            #expect(logged?.contains("is not the private key of the certificate") == true, "\(logged ?? "no log line")")
            #expect(await Self.trusted(by: folder.file("second-ca.pem"), port: port))
            #expect(gateway.child.isRunning)

            // The container's health check speaks TLS to the same port.
            let (status, output) = try ChildProcess.run(
                GatewayProcess.executable, ["health"],
                environment: [
                    "GATEWAY_HTTP_ADDRESS": "127.0.0.1:\(port)", "GATEWAY_TLS_CERT_FILE": certificate,
                    "GATEWAY_TLS_KEY_FILE": key,
                ], timeout: 30)
            #expect(status == 0, "gateway health: \(output)")
            #expect(output.contains("\"status\":\"ok\""), "\(output)")
        }
    }

    @Test("gateway serve with an expired certificate or a mismatched key exits 1 with a sentence naming the file")
    func badCertificateStopsTheStart() async throws {
        let folder = try TemporaryFolder(prefix: "gw-tls")
        defer { folder.remove() }
        let authority = try TestCertificateAuthority()
        try authority.issue(notBefore: Date() - 7200, notAfter: Date() - 60).write(
            certificate: folder.file("expired.pem"), key: folder.file("expired.key"))
        try authority.issue().write(certificate: folder.file("good.pem"), key: nil)
        let cases = [
            (folder.file("expired.pem"), folder.file("expired.key"), "the certificate expired on"),
            (folder.file("good.pem"), folder.file("expired.key"), "is not the private key of the certificate"),
        ]
        for (certificate, key, expected) in cases {
            let (status, output) = try ChildProcess.run(
                GatewayProcess.executable, ["serve"],
                environment: [
                    "DATABASE_URL": "postgres://gateway@127.0.0.1:1/none", "GATEWAY_JWT_SECRET": GatewayServer.secret,
                    "GATEWAY_HTTP_ADDRESS": "127.0.0.1:\(try freeLoopbackPort())",
                    "GATEWAY_TLS_CERT_FILE": certificate, "GATEWAY_TLS_KEY_FILE": key, "GATEWAY_DASHBOARD_ADDRESS": "",
                ], timeout: 30)
            #expect(status == 1)
            #expect(output.contains("error: GATEWAY_"), "\(output)")
            #expect(output.contains(expected), "\(output)")
        }
    }

    @Test("gateway serve started before PostgreSQL answers /health at once and becomes ready when the database comes")
    func waitsForTheDatabase() async throws {
        let postgres = try PrivatePostgres.start()
        defer { postgres.remove() }
        try postgres.stop()
        let port = try freeLoopbackPort()
        let gateway = try GatewayServer.serve(
            databaseURL: postgres.url, owner: "gw-early", window: 4, leaseSeconds: 5, address: "127.0.0.1:\(port)")
        defer { gateway.stop() }
        func ready() -> Int32 {
            (try? ChildProcess.run(
                GatewayProcess.executable, ["health", "--url", "http://127.0.0.1:\(port)/ready"], timeout: 30
            ).status) ?? -1
        }
        let health = try await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            (try? ChildProcess.run(
                GatewayProcess.executable, ["health", "--url", "http://127.0.0.1:\(port)/health"], timeout: 30
            ).status) ?? -1
        } until: {
            $0 == 0
        }
        #expect(health == 0, "the gateway did not serve /health without its database")
        #expect(ready() == 1)
        try await Task.sleep(for: .seconds(2))
        #expect(gateway.child.isRunning, "gateway serve exited while the database was away")
        try postgres.restart()
        let became = try await eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            ready()
        } until: {
            $0 == 0
        }
        #expect(became == 0, "the gateway did not become ready once PostgreSQL started")
    }
}
