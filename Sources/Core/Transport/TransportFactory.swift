import Logging

/// Makes transports for the URI schemes it handles. Each transport target provides one.
public protocol TransportFactory: Sendable {
    /// Lower-case schemes, for example `["raw9100", "socket"]`.
    var schemes: [String] { get }
    /// Throws ``PrinterURIError`` when the URI cannot work with this transport (bad port, unknown option).
    func validate(_ uri: PrinterURI) throws(PrinterURIError)
    func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport
    /// What a confirmation from this transport means for this URI.
    func confirmation(for uri: PrinterURI) -> Confirmation
    /// What finds this transport's printers for `request`; nil when the transport finds none by itself.
    func discoverer(for request: DiscoveryRequest) -> (any PrinterDiscoverer)?
    /// The network host a printer at `uri` is reached at, for `GATEWAY_PRINTER_NETWORKS`; nil when the URI names
    /// none (a USB device, a simulated printer, the default CUPS server).
    func networkHost(of uri: PrinterURI) -> String?
}

extension TransportFactory {
    public func confirmation(for uri: PrinterURI) -> Confirmation { .printed }
    public func discoverer(for request: DiscoveryRequest) -> (any PrinterDiscoverer)? { nil }
    public func networkHost(of uri: PrinterURI) -> String? { nil }
}
