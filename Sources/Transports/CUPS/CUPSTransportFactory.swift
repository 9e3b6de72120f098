import Core
import Logging

/// Makes ``CUPSTransport``s for `cups://QUEUE` and `cups://HOST[:PORT]/QUEUE` (port 631 when none is given).
/// `cups://QUEUE` uses the factory's `server` (for example from `CUPS_SERVER`), else libcups's default (the local
/// socket). Query options override the timeouts, in seconds: `connect_timeout`, `request_timeout`,
/// `drain_timeout`, `poll_interval`.
///
/// Every CUPS printer's confirmation is ``Core/Confirmation/delivered``: CUPS says a job `completed` once the
/// backend has handed it to the device, and CUPS's USB backend has no status channel to a Zebra at all.
public struct CUPSTransportFactory: TransportFactory {
    public let schemes = ["cups"]
    /// The server for `cups://QUEUE`; nil means libcups's default (`CUPS_SERVER`, client.conf, the local socket).
    public let server: CUPSServer?
    public let configuration: CUPSTransport.Configuration
    private let clock: any GatewayClock

    public init(
        server: CUPSServer? = nil, clock: any GatewayClock = SystemClock(),
        configuration: CUPSTransport.Configuration = CUPSTransport.Configuration()
    ) {
        self.server = server
        self.clock = clock
        self.configuration = configuration
    }

    /// The server `cups://QUEUE` printers use.
    public var defaultServer: CUPSServer { server ?? .systemDefault }

    public func validate(_ uri: PrinterURI) throws(PrinterURIError) {
        _ = try CUPSDestination(uri: uri)
        _ = try configuration.applying(uri)
    }

    public func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
        let destination: CUPSDestination
        let configuration: CUPSTransport.Configuration
        do {
            destination = try CUPSDestination(uri: uri)
            configuration = try self.configuration.applying(uri)
        } catch {
            throw TransportError(.invalidURI, error.message, underlying: error)
        }
        var logger = logger
        logger[metadataKey: "transport.uri"] = "\(uri)"
        return CUPSTransport(
            server: destination.server ?? defaultServer, queue: destination.queue, configuration: configuration,
            clock: clock, logger: logger)
    }

    public func confirmation(for uri: PrinterURI) -> Confirmation { .delivered }

    /// The server a `cups://HOST/QUEUE` names; `cups://QUEUE` goes to the configured server, which is the site's
    /// choice, not the caller's.
    public func networkHost(of uri: PrinterURI) -> String? {
        (try? CUPSDestination(uri: uri))?.server?.host
    }
}
