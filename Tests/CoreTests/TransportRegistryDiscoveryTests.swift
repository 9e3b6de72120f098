import Core
import Logging
import Testing

/// Discovery through the registry: each transport factory offers its own discoverer, or none.
@Suite("Transport registry: discovery")
struct TransportRegistryDiscoveryTests {
    struct Finder: PrinterDiscoverer {
        let transport: String
        let hosts: [String]
        func discover() async -> DiscoveryReport {
            DiscoveryReport(transport: transport, available: true, printers: [], note: hosts.joined(separator: ","))
        }
    }

    struct Factory: TransportFactory {
        let schemes: [String]
        let finds: Bool
        func validate(_ uri: PrinterURI) throws(PrinterURIError) {}
        func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
            throw TransportError(.unsupported, "not in this test")
        }
        func discoverer(for request: DiscoveryRequest) -> (any PrinterDiscoverer)? {
            finds ? Finder(transport: schemes[0], hosts: request.hosts) : nil
        }
    }

    @Test("every factory with a discoverer reports once, in registration order, with the request's hosts")
    func reports() async throws {
        let registry = TransportRegistry([
            Factory(schemes: ["zeta", "zeta2"], finds: true), Factory(schemes: ["quiet"], finds: false),
            Factory(schemes: ["alpha"], finds: true),
        ])
        let reports = await registry.discover(try DiscoveryRequest(hosts: ["h1"], subnet: "10.0.0.0/30"))
        #expect(reports.map(\.transport) == ["zeta", "alpha"], "a factory of two schemes reports once")
        #expect(reports.allSatisfy { $0.note == "h1,10.0.0.1,10.0.0.2" }, "\(reports.map(\.note))")
    }

    @Test("a request's subnet must be an IPv4 /22 or smaller, and 1,024 hosts at most")
    func requests() throws {
        #expect(try DiscoveryRequest.hosts(inSubnet: "192.168.1.0/30") == ["192.168.1.1", "192.168.1.2"])
        #expect(throws: PrinterURIError.self) { try DiscoveryRequest(hosts: [], subnet: "10.0.0.0/8") }
        let many = (0..<1_025).map { "h\($0)" }
        #expect(throws: PrinterURIError.self) { try DiscoveryRequest(hosts: many, subnet: nil) }
        #expect(try DiscoveryRequest(hosts: ["", "a"], subnet: "").hosts == ["a"])
    }
}
