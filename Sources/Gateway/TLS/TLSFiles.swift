import Foundation

/// The PEM files the API listener serves TLS with: `GATEWAY_TLS_CERT_FILE` (the certificate, then any
/// intermediates) and `GATEWAY_TLS_KEY_FILE` (its private key). Both are read at start and again on SIGHUP.
public struct TLSFiles: Sendable, Equatable {
    public var certificateFile: String
    public var keyFile: String

    public init(certificateFile: String, keyFile: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
