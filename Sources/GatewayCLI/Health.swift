import ArgumentParser
import AsyncHTTPClient
import Foundation
import Gateway
import NIOCore
import NIOSSL

/// Asks a running gateway's `/ready` and exits 0 when it answers 200: the container's health check, which needs no
/// curl in the image.
struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask a running gateway whether it is ready (GET /ready); exit 0 when it is.",
        discussion: """
            By default the gateway of this configuration: GATEWAY_HTTP_ADDRESS (a wildcard host is asked on \
            loopback), over HTTPS when GATEWAY_TLS_CERT_FILE is set. Over HTTPS the certificate is not verified: \
            the check asks its own process, by an address the certificate does not name.
            """)

    @Option(help: "The address to ask instead, e.g. https://127.0.0.1:8443/ready.")
    var url: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func run() async throws {
        let (_, configuration, _) = try loadConfiguration()
        let address = url ?? Self.readyURL(configuration)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        let outcome: Result<(UInt, String), any Error>
        do {
            let response = try await client.execute(HTTPClientRequest(url: address), timeout: .seconds(Int64(timeout)))
            let body = try await response.body.collect(upTo: 64 * 1024)
            outcome = .success((response.status.code, String(buffer: body)))
        } catch {
            outcome = .failure(error)
        }
        try await client.shutdown()
        switch outcome {
        case .success((200, let body)):
            print(body)
        case .success((let status, let body)):
            FileHandle.standardError.write(Data("\(address) answered \(status): \(body)\n".utf8))
            throw ExitCode.failure
        case .failure(let error):
            FileHandle.standardError.write(Data("\(address) did not answer: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `/ready` of the listener `configuration` describes.
    static func readyURL(_ configuration: GatewayConfiguration) -> String {
        let host =
            switch configuration.httpHost {
            case "0.0.0.0", "": "127.0.0.1"
            case "::", "[::]": "[::1]"
            case let host where host.contains(":") && !host.hasPrefix("["): "[\(host)]"
            case let host: host
            }
        return "\(configuration.tls == nil ? "http" : "https")://\(host):\(configuration.httpPort)/ready"
    }
}
