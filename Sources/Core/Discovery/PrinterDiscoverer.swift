/// Lists the printers one transport can reach from this host. Each transport target offers one; the gateway asks
/// them all for `gateway printers discover` and `GET /v1/printers/discover`.
public protocol PrinterDiscoverer: Sendable {
    /// The transport's scheme, for the report.
    var transport: String { get }
    /// Never throws: a transport that cannot look says so in the report's note.
    func discover() async -> DiscoveryReport
}
