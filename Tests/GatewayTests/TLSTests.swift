import AsyncHTTPClient
import Foundation
import Gateway
import GatewayTestSupport
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import ProcessSupport
import Testing

/// The API listener with `GATEWAY_TLS_CERT_FILE` and `GATEWAY_TLS_KEY_FILE`: real sockets, certificates of a test CA.
@Suite("HTTPS on the API listener")
struct TLSTests {
    /// A CA, a valid certificate for localhost in `server.pem` / `server.key`, the CA's certificate in `ca.pem`.
    struct Files {
        let folder: TemporaryFolder
        let authority: TestCertificateAuthority
        var tls: TLSFiles { TLSFiles(certificateFile: folder.file("server.pem"), keyFile: folder.file("server.key")) }
        var caFile: String { folder.file("ca.pem") }

        init() throws {
            folder = try TemporaryFolder(prefix: "gw-tls")
            authority = try TestCertificateAuthority()
            try authority.write(to: folder.file("ca.pem"))
            try authority.issue().write(certificate: folder.file("server.pem"), key: folder.file("server.key"))
        }
    }

    /// Runs the gateway over HTTPS with `files`; `body` gets the port.
    func withHTTPSApp(_ files: Files, _ body: @Sendable (Int, String) async throws -> Void) async throws {
        try await withApp(templates: shippedTemplates, setup: .ahc(.https), configure: { $0.tls = files.tls }) {
            client, token, _ in
            try await body(try #require(client.port), token)
        }
    }

    /// A client that trusts only the CA in `caFile` and checks the host name, as Odoo's would.
    static func client(trusting caFile: String, maximumVersion: TLSVersion? = nil) -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caFile)
        tls.maximumTLSVersion = maximumVersion
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.idleTimeout = .milliseconds(1)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    @Test("a job submitted over HTTPS to a certificate of the test CA is printed, and read back over HTTPS")
    func jobOverHTTPS() async throws {
        let files = try Files()
        defer { files.folder.remove() }
        try await withHTTPSApp(files) { port, token in
            let client = Self.client(trusting: files.caFile)
            do {
                let base = "https://localhost:\(port)"
                func call(_ method: NIOHTTP1.HTTPMethod, _ path: String, _ json: Any? = nil) async throws -> [String:
                    Any]
                {
                    var request = HTTPClientRequest(url: base + path)
                    request.method = method
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    if let json {
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
                    }
                    let response = try await client.execute(request, timeout: .seconds(10))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    return (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
                }
                _ = try await call(.POST, "/v1/printers", ["name": "line1", "uri": "sim://line1?label_dots=600"])
                let submitted = try await call(.POST, "/v1/jobs", ["printer": "line1", "zpl": zplLabels(20)])
                let id = try #require(submitted["id"] as? String, "POST /v1/jobs over HTTPS answered \(submitted)")
                let final = try await eventuallyHTTP {
                    try await call(.GET, "/v1/jobs/\(id)")
                } until: {
                    ($0["status"] as? String) == "completed"
                }
                #expect(final["printed_count"] as? Int == 20)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test("a client limited to TLS 1.1 is refused: TLS 1.2 is the minimum")
    func tls12Minimum() async throws {
        let files = try Files()
        defer { files.folder.remove() }
        try await withHTTPSApp(files) { port, _ in
            let old = Self.client(trusting: files.caFile, maximumVersion: .tlsv11)
            let current = Self.client(trusting: files.caFile, maximumVersion: .tlsv12)
            await #expect(throws: (any Error).self) {
                _ = try await old.execute(
                    HTTPClientRequest(url: "https://localhost:\(port)/health"), timeout: .seconds(5))
            }
            let answer = try? await current.execute(
                HTTPClientRequest(url: "https://localhost:\(port)/health"), timeout: .seconds(5))
            #expect(answer?.status == .ok)
            try await old.shutdown()
            try await current.shutdown()
        }
    }

    @Test("plain HTTP to the TLS port gets no HTTP answer and a closed connection, and HTTPS keeps working")
    func plainHTTPFailsCleanly() async throws {
        let files = try Files()
        defer { files.folder.remove() }
        try await withHTTPSApp(files) { port, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let (text, closed) = connection.read(timeout: .seconds(10))
            #expect(closed, "the gateway should close a connection that does not speak TLS")
            #expect(!text.contains("HTTP/1.1"))
            let client = Self.client(trusting: files.caFile)
            let answer = try? await client.execute(
                HTTPClientRequest(url: "https://localhost:\(port)/health"), timeout: .seconds(5))
            #expect(answer?.status == .ok)
            try await client.shutdown()
        }
    }

    @Test("behind TLS the listener keeps its limits: the connection cap per client, then the idle timeout")
    func limitsHoldBehindTLS() async throws {
        let files = try Files()
        defer { files.folder.remove() }
        try await withApp(
            templates: shippedTemplates, setup: .ahc(.https),
            configure: {
                $0.tls = files.tls
                $0.limits.idleTimeout = .seconds(2)
                $0.limits.maxConnectionsPerClient = 3
            }
        ) { client, _, _ in
            let port = try #require(client.port)
            let held = try (0..<5).map { _ in try RawConnection(port: port, source: "127.0.0.3") }
            let pastCap = try await eventually(timeout: .seconds(1), every: .milliseconds(20)) {
                held.filter { !$0.isClosedByPeer }.count
            } until: {
                $0 == 3
            }
            #expect(pastCap == 3, "the two connections past the cap are closed at once")
            let open = try await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
                held.filter { !$0.isClosedByPeer }.count
            } until: {
                $0 == 0
            }
            #expect(open == 0, "the idle timeout closes connections that never start a handshake")
        }
    }

    @Test("an expired certificate, a key of another certificate, a missing or non-PEM file are refused at start")
    func badFilesRefusedAtStart() throws {
        let files = try Files()
        defer { files.folder.remove() }
        let logger = Logger(label: "tls-test")
        func refusal(_ tls: TLSFiles) -> String {
            do {
                _ = try TLSContextSource(files: tls, logger: logger)
                return "accepted"
            } catch { return error.message }
        }
        let expiredPath = files.folder.file("expired.pem")
        let expired = try files.authority.issue(notBefore: Date() - 7200, notAfter: Date() - 60)
        try expired.write(certificate: expiredPath, key: files.folder.file("expired.key"))
        let message = refusal(TLSFiles(certificateFile: expiredPath, keyFile: files.folder.file("expired.key")))
        #expect(message.contains("GATEWAY_TLS_CERT_FILE \(expiredPath): the certificate expired on"), "\(message)")

        try files.authority.issue().write(certificate: nil, key: files.folder.file("other.key"))
        let mismatch = refusal(
            TLSFiles(certificateFile: files.tls.certificateFile, keyFile: files.folder.file("other.key")))
        #expect(mismatch.contains("is not the private key of the certificate"), "\(mismatch)")

        let missing = refusal(TLSFiles(certificateFile: files.folder.file("none.pem"), keyFile: files.tls.keyFile))
        #expect(missing == "GATEWAY_TLS_CERT_FILE \(files.folder.file("none.pem")) does not exist")

        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: files.folder.file("junk.pem")))
        let junk = refusal(TLSFiles(certificateFile: files.folder.file("junk.pem"), keyFile: files.tls.keyFile))
        #expect(junk.contains("holds no PEM certificate"), "\(junk)")
        let junkKey = refusal(
            TLSFiles(certificateFile: files.tls.certificateFile, keyFile: files.folder.file("junk.pem")))
        #expect(junkKey.contains("holds no PEM private key"), "\(junkKey)")

        #expect(refusal(files.tls) == "accepted")
    }

    @Test("GATEWAY_TLS_CERT_FILE without GATEWAY_TLS_KEY_FILE is a configuration error")
    func bothVariablesNeeded() throws {
        let reader = try GatewayConfiguration.reader(
            environment: ["GATEWAY_TLS_CERT_FILE": "/etc/print-gateway/tls/cert.pem"], dotEnvPath: "/nonexistent")
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration(config: reader) }
        let both = try GatewayConfiguration(
            config: try GatewayConfiguration.reader(
                environment: ["GATEWAY_TLS_CERT_FILE": "/c.pem", "GATEWAY_TLS_KEY_FILE": "/k.pem"],
                dotEnvPath: "/nonexistent"))
        #expect(both.tls == TLSFiles(certificateFile: "/c.pem", keyFile: "/k.pem"))
        #expect(
            try GatewayConfiguration(config: GatewayConfiguration.reader(environment: [:], dotEnvPath: "/x")).tls == nil
        )
    }
}
