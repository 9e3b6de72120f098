import Core

extension USBTransportFactory {
    /// Lists the Zebra printers attached to the factory's backend.
    public func discoverer(for request: DiscoveryRequest) -> (any PrinterDiscoverer)? {
        USBDiscoverer(backend: backend)
    }
}
