import Core
import Logging
import Synchronization

/// Makes transports for `sim://NAME?…` URIs. It keeps one ``SimulatedPrinter`` per name for the life of the
/// process, made from the query of the first URI that names it; later URIs with the same name reach that printer.
public final class SimulatedTransportFactory: TransportFactory {
    public let schemes = ["sim"]
    private let clock: any GatewayClock
    private let printers = Mutex<[String: SimulatedPrinter]>([:])

    public init(clock: any GatewayClock) {
        self.clock = clock
    }

    public func validate(_ uri: PrinterURI) throws(PrinterURIError) {
        try uri.refuseUserInfo(kind: "a simulated printer", form: "sim://name[?options]")
        _ = try SimulatedPrinter.Configuration(uri: uri)
    }

    public func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws
        -> any Transport
    {
        let configuration: SimulatedPrinter.Configuration
        do {
            try uri.refuseUserInfo(kind: "a simulated printer", form: "sim://name[?options]")
            configuration = try SimulatedPrinter.Configuration(uri: uri, model: model)
        } catch {
            throw TransportError(.invalidURI, error.message, underlying: error)
        }
        let printer = printers.withLock { printers in
            if let printer = printers[configuration.name] { return printer }
            let printer = SimulatedPrinter(configuration: configuration, clock: clock)
            printers[configuration.name] = printer
            return printer
        }
        var logger = logger
        logger[metadataKey: "transport.uri"] = "\(uri)"
        return SimulatedTransport(printer: printer, clock: clock, logger: logger)
    }

    /// The printer of that name, once a transport to it has been made.
    public func printer(named name: String) -> SimulatedPrinter? {
        printers.withLock { $0[name] }
    }
}
