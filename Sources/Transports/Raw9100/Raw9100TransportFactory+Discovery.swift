import Core

extension Raw9100TransportFactory {
    /// Asks `~HI` on port 9100 of the request's hosts; with none, probes nothing and says so.
    public func discoverer(for request: DiscoveryRequest) -> (any PrinterDiscoverer)? {
        Raw9100Discoverer(hosts: request.hosts)
    }
}
