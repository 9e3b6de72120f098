import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL

/// The TLS context the API listener hands each new connection. ``reload()`` reads the files again and swaps the
/// context: connections already open keep the one they started with, the next one gets the new certificate. A
/// reload that fails keeps the current context.
public final class TLSContextSource: Sendable {
    public let files: TLSFiles
    private let current: NIOLockedValueBox<NIOSSLContext>
    private let logger: Logger

    /// Reads and checks the files; throws ``ConfigurationError`` when they cannot serve.
    public init(files: TLSFiles, logger: Logger) throws(ConfigurationError) {
        self.files = files
        self.logger = logger
        let certificate = try ServerCertificate(files: files)
        current = NIOLockedValueBox(try certificate.makeContext())
        Self.logLoaded(certificate, logger: logger, message: "TLS certificate loaded")
    }

    /// The context for a connection being accepted now.
    var context: NIOSSLContext { current.withLockedValue { $0 } }

    /// Reads the files again and serves them from the next connection on; on failure logs the error, keeps the
    /// certificate in use, and rethrows.
    public func reload() throws(ConfigurationError) {
        do {
            let certificate = try ServerCertificate(files: files)
            let context = try certificate.makeContext()
            current.withLockedValue { $0 = context }
            Self.logLoaded(certificate, logger: logger, message: "TLS certificate reloaded")
        } catch {
            logger.error(
                "TLS certificate not reloaded; the previous one stays in use", metadata: ["error": "\(error.message)"])
            throw error
        }
    }

    private static func logLoaded(_ certificate: ServerCertificate, logger: Logger, message: Logger.Message) {
        logger.info(
            message,
            metadata: [
                "tls.cert_file": "\(certificate.files.certificateFile)",
                "tls.not_valid_after": "\(certificate.notValidAfter.formatted(.iso8601))",
            ])
    }
}
