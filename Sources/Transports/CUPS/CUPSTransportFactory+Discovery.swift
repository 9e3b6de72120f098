import Core

extension CUPSTransportFactory {
    /// Lists the queues of the factory's server (`cups://QUEUE` printers' server).
    public func discoverer(for request: DiscoveryRequest) -> (any PrinterDiscoverer)? {
        CUPSDiscoverer(server: server)
    }
}
