import Crypto
import Foundation
import X509

/// A certificate authority of the tests' own and the server certificates it signs, written as PEM files: what a
/// site gets from its CA, made in milliseconds with any validity period (an expired one included).
public struct TestCertificateAuthority: Sendable {
    public let name: String
    private let key: P256.Signing.PrivateKey
    public let certificate: Certificate

    public init(name: String = "Gateway Test CA") throws {
        self.name = name
        key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName(name) }
        let now = Date()
        certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(key))
    }

    public var pem: String { (try? certificate.serializeAsPEM().pemString) ?? "" }

    /// Writes the CA's certificate to `path`.
    public func write(to path: String) throws {
        try Data(pem.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A server certificate for `localhost`, valid from `notBefore` to `notAfter`, and its key.
    public func issue(
        commonName: String = "localhost", notBefore: Date = Date() - 3600, notAfter: Date = Date() + 86_400
    ) throws -> TestServerCertificate {
        let serverKey = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: self.certificate.subject,
            subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: .init(key))
        return TestServerCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: serverKey.pemRepresentation)
    }
}

/// A server certificate and its private key, as PEM.
public struct TestServerCertificate: Sendable {
    public let certificatePEM: String
    public let keyPEM: String

    /// Writes the certificate to `certificatePath` and the key to `keyPath` (either may be nil to leave it).
    public func write(certificate certificatePath: String?, key keyPath: String?) throws {
        if let certificatePath { try Data(certificatePEM.utf8).write(to: URL(fileURLWithPath: certificatePath)) }
        if let keyPath { try Data(keyPEM.utf8).write(to: URL(fileURLWithPath: keyPath)) }
    }
}

/// A fresh temporary folder, removed by ``remove()``.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init(prefix: String = "gw") throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
