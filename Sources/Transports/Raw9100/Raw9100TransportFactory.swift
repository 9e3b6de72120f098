import Core
import Logging
import NIOCore
import NIOPosix

/// Makes ``Raw9100Transport``s for `raw9100://host[:port]` and its CUPS-style alias `socket://host[:port]`
/// (port 9100 when none is given). Query options override the configured timeouts, in seconds:
/// `connect_timeout`, `write_timeout`, `status_timeout`, `drain_timeout`, `poll_interval`.
public struct Raw9100TransportFactory: TransportFactory {
    public static let defaultPort = 9100

    public let schemes = ["raw9100", "socket"]
    public let configuration: Raw9100Transport.Configuration
    private let group: any EventLoopGroup
    private let clock: any GatewayClock

    public init(
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any GatewayClock = SystemClock(),
        configuration: Raw9100Transport.Configuration = Raw9100Transport.Configuration()
    ) {
        self.group = eventLoopGroup
        self.clock = clock
        self.configuration = configuration
    }

    public func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
        let settings: (port: Int, configuration: Raw9100Transport.Configuration)
        do {
            settings = try self.settings(for: uri)
        } catch {
            throw TransportError(.invalidURI, error.message, underlying: error)
        }
        guard model.answersHostStatus else {
            throw TransportError(
                .unsupported,
                "printer model '\(model.name)' does not answer ~HS, which a raw port 9100 printer needs to confirm labels"
            )
        }
        var logger = logger
        logger[metadataKey: "transport.uri"] = "\(uri)"
        return Raw9100Transport(
            host: uri.host, port: settings.port, configuration: settings.configuration, eventLoopGroup: group,
            clock: clock, logger: logger)
    }

    public func validate(_ uri: PrinterURI) throws(PrinterURIError) {
        _ = try settings(for: uri)
    }

    public func networkHost(of uri: PrinterURI) -> String? { uri.host }

    /// The port and timeouts `uri` gives, or what is wrong with it.
    private func settings(for uri: PrinterURI) throws(PrinterURIError) -> (
        port: Int, configuration: Raw9100Transport.Configuration
    ) {
        guard schemes.contains(uri.scheme) else {
            throw PrinterURIError("'\(uri)' is not a raw port 9100 URI (raw9100://host[:port] or socket://host[:port])")
        }
        try uri.refuseUserInfo(kind: "a raw port 9100 printer", form: "\(uri.scheme)://host[:port]")
        let port = uri.port ?? Self.defaultPort
        guard (1...65_535).contains(port) else {
            throw PrinterURIError("'\(uri)': port \(port) is out of range; a TCP port is 1…65535 (default 9100)")
        }
        guard uri.path.isEmpty else {
            throw PrinterURIError(
                "'\(uri)': a raw port 9100 printer takes no path ('/\(uri.path)'); write \(uri.scheme)://host[:port]")
        }
        return (port, try configuration.applying(uri))
    }
}
