import Core
import ProcessSupport
import Testing
import TransportCUPS

@Suite("CUPS discovery")
struct CUPSDiscovererTests {
    @Test("the private cupsd's queues become cups:// URIs with their device")
    func queues() async throws {
        try await QueueFixture.with { fixture in
            let report = await CUPSDiscoverer(server: fixture.cups.socketServer).discover()
            #expect(report.available)
            let found = try #require(report.printers.first { $0.uri == "cups://\(fixture.queue)" })
            #expect(found.detail?.contains("socket://127.0.0.1:\(fixture.server.port)") == true)
            let overTCP = await CUPSDiscoverer(server: fixture.cups.tcpServer).discover()
            #expect(overTCP.printers.contains { $0.uri == "cups://\(fixture.cups.tcpServer)/\(fixture.queue)" })
        }
    }

    @Test("a CUPS server that does not answer: unavailable, and the note says so")
    func unreachable() async throws {
        let port = try freeLoopbackPort()
        let report = await CUPSDiscoverer(server: CUPSServer(host: "127.0.0.1", port: port)).discover()
        #expect(!report.available)
        #expect(report.printers.isEmpty)
        #expect(report.note?.contains("cannot connect to CUPS") == true)
    }
}
