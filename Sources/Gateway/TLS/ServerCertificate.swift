import Foundation
import NIOSSL

/// The certificate chain and private key read from ``TLSFiles``, checked as a client would check them: a chain
/// that parses, a leaf that is valid now, a key that belongs to the leaf. Every refusal is a
/// ``ConfigurationError`` naming the variable and the file.
struct ServerCertificate: Sendable {
    let files: TLSFiles
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey

    /// When the leaf stops being valid.
    var notValidAfter: Date { Date(timeIntervalSince1970: TimeInterval(chain[0].notValidAfter)) }

    /// Reads both files; `now` is the moment the leaf must be valid at.
    init(files: TLSFiles, now: Date = Date()) throws(ConfigurationError) {
        self.files = files
        let certificateBytes = try Self.read(files.certificateFile, variable: "GATEWAY_TLS_CERT_FILE")
        let keyBytes = try Self.read(files.keyFile, variable: "GATEWAY_TLS_KEY_FILE")
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMBytes(certificateBytes) } catch {
            throw ConfigurationError(
                "GATEWAY_TLS_CERT_FILE \(files.certificateFile) holds no PEM certificate that can be read")
        }
        guard let leaf = chain.first else {
            throw ConfigurationError("GATEWAY_TLS_CERT_FILE \(files.certificateFile) holds no PEM certificate")
        }
        do { key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem) } catch {
            throw ConfigurationError(
                "GATEWAY_TLS_KEY_FILE \(files.keyFile) holds no PEM private key that can be read (an encrypted key "
                    + "is not supported)")
        }
        let notBefore = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
        let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        guard notAfter > now else {
            throw ConfigurationError(
                "GATEWAY_TLS_CERT_FILE \(files.certificateFile): the certificate expired on \(Self.format(notAfter))")
        }
        guard notBefore <= now else {
            throw ConfigurationError(
                "GATEWAY_TLS_CERT_FILE \(files.certificateFile): the certificate is not valid before "
                    + Self.format(notBefore))
        }
        self.chain = chain
    }

    /// A server context with TLS 1.2 at least; refuses a key that is not the leaf's.
    func makeContext() throws(ConfigurationError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do { return try NIOSSLContext(configuration: configuration) } catch NIOSSLError.failedToLoadPrivateKey {
            throw ConfigurationError(
                "GATEWAY_TLS_KEY_FILE \(files.keyFile) is not the private key of the certificate in "
                    + "GATEWAY_TLS_CERT_FILE \(files.certificateFile)")
        } catch {
            throw ConfigurationError(
                "GATEWAY_TLS_CERT_FILE \(files.certificateFile) and GATEWAY_TLS_KEY_FILE \(files.keyFile) cannot "
                    + "serve TLS: \(error)")
        }
    }

    private static func read(_ path: String, variable: String) throws(ConfigurationError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read by this user" : "does not exist"
            throw ConfigurationError("\(variable) \(path) \(reason)")
        }
        return Array(data)
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
