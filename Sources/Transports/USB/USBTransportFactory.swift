import Core
import Logging

/// Makes ``USBTransport``s for `usb://VID:PID[?serial=S]` and `usb://zebra[?serial=S]` over a ``USBBackend``
/// (libusb-1.0 in the gateway, a simulated device in tests).
///
/// Whether a device has a bulk IN endpoint (and so confirms labels as printed) is known only once it is opened:
/// ``confirmation(for:)`` reports what the device's last opening found, and the worst case,
/// ``Core/Confirmation/delivered``, before any.
public struct USBTransportFactory: TransportFactory {
    public let schemes = ["usb"]
    public let backend: any USBBackend
    public let configuration: USBTransport.Configuration
    private let clock: any GatewayClock
    private let levels = ConfirmationLevels()

    public init(
        backend: any USBBackend, clock: any GatewayClock = SystemClock(),
        configuration: USBTransport.Configuration = USBTransport.Configuration()
    ) {
        self.backend = backend
        self.clock = clock
        self.configuration = configuration
    }

    public func validate(_ uri: PrinterURI) throws(PrinterURIError) {
        _ = try USBAddress(uri: uri)
    }

    public func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
        let address: USBAddress
        do { address = try USBAddress(uri: uri) } catch {
            throw TransportError(.invalidURI, error.message, underlying: error)
        }
        var logger = logger
        logger[metadataKey: "transport.uri"] = "\(uri)"
        return USBTransport(
            address: address, backend: backend, configuration: configuration, clock: clock,
            level: levels.level(for: address), logger: logger)
    }

    public func confirmation(for uri: PrinterURI) -> Confirmation {
        (try? USBAddress(uri: uri)).flatMap { levels.observed(for: $0) } ?? .delivered
    }
}
