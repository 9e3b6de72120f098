import Core
import Logging
import Testing
import TransportRaw9100
import TransportSimulated

@Suite("Raw port discovery with ~HI")
struct Raw9100DiscovererTests {
    @Test("a host list on loopback: the simulated Z230 answers ~HI, a closed port does not")
    func hostList() async throws {
        try await PrinterFixture.with { fixture in
            let closed = try closedPort()
            let discoverer = Raw9100Discoverer(
                hosts: ["127.0.0.1:\(closed)", "127.0.0.1:\(fixture.server.port)"], timeout: .milliseconds(500))
            let report = await discoverer.discover()
            #expect(report.available)
            #expect(report.printers.map(\.uri) == ["raw9100://127.0.0.1:\(fixture.server.port)"])
            #expect(report.printers.first?.name == SimulatedPrinter.identification.model)
            #expect(report.note == nil)
        }
    }

    @Test("nothing answering, or nothing to ask: the report says so")
    func nothing() async throws {
        let closed = try closedPort()
        let report = await Raw9100Discoverer(hosts: ["127.0.0.1:\(closed)"], timeout: .milliseconds(300)).discover()
        #expect(report.printers.isEmpty)
        #expect(report.note?.contains("answered ~HI") == true)
        #expect(await Raw9100Discoverer(hosts: []).discover().note?.contains("no hosts to probe") == true)
    }

    @Test("subnets expand to their hosts")
    func subnets() throws {
        let hosts = try DiscoveryRequest.hosts(inSubnet: "192.168.1.0/30")
        #expect(hosts == ["192.168.1.1", "192.168.1.2"])
        #expect(try DiscoveryRequest.hosts(inSubnet: "10.0.0.0/24").count == 254)
        #expect(throws: PrinterURIError.self) { try DiscoveryRequest.hosts(inSubnet: "10.0.0.0/8") }
    }
}
