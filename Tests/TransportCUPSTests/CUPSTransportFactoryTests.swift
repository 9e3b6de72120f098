import Core
import Testing
import TransportCUPS

@Suite("CUPS URIs and status mapping")
struct CUPSTransportFactoryTests {
    let factory = CUPSTransportFactory(server: CUPSServer("/tmp/cups.sock"))

    @Test("cups://QUEUE uses the configured server; cups://HOST[:PORT]/QUEUE names its own")
    func destinations() throws {
        let local = try CUPSDestination(uri: PrinterURI("cups://zebra_z230"))
        #expect(local.server == nil)
        #expect(local.queue == "zebra_z230")
        let remote = try CUPSDestination(uri: PrinterURI("cups://printhost:8631/zebra"))
        #expect(remote.server == CUPSServer(host: "printhost", port: 8631))
        #expect(remote.queue == "zebra")
        let defaultPort = try CUPSDestination(uri: PrinterURI("cups://printhost/printers/zebra"))
        #expect(defaultPort.server?.port == 631)
        #expect(defaultPort.queue == "zebra")
        #expect(factory.confirmation(for: try PrinterURI("cups://zebra")) == .delivered)
        #expect(TransportRegistry([factory]).confirmation(for: "cups://zebra") == .delivered)
    }

    @Test(
        "bad CUPS URIs are refused with a reason",
        arguments: [
            "cups://host:631", "cups://host/a/b", "cups://zebra?colour=red", "cups://zebra?drain_timeout=0",
        ])
    func badURIs(_ text: String) throws {
        #expect(throws: PrinterURIError.self) { try TransportRegistry([factory]).validate(text) }
    }

    @Test("CUPS_SERVER-style server names")
    func servers() {
        #expect(CUPSServer("/run/cups/cups.sock")?.isLocalSocket == true)
        #expect(CUPSServer("printhost") == CUPSServer(host: "printhost", port: 631))
        #expect(CUPSServer("printhost:8631") == CUPSServer(host: "printhost", port: 8631))
        #expect(CUPSServer("[::1]:8631") == CUPSServer(host: "::1", port: 8631))
        #expect(CUPSServer("printhost:0") == nil)
        #expect(CUPSServer("") == nil)
    }

    @Test("printer-state and printer-state-reasons become the printer's status and waiting reason")
    func statusMapping() {
        #expect(CUPSPrinterAttributes(state: 3, reasons: ["none"]).printerStatus.waitingReason == nil)
        let stopped = CUPSPrinterAttributes(state: 5, reasons: ["paused"], message: "Paused").printerStatus
        #expect(stopped.state == .error)
        #expect(stopped.reasons == [.queueStopped])
        #expect(stopped.waitingReason == .paused)
        #expect(stopped.detail?.contains("Paused") == true)
        let rejecting = CUPSPrinterAttributes(state: 3, isAcceptingJobs: false).printerStatus
        #expect(rejecting.reasons == [.notAcceptingJobs])
        #expect(rejecting.waitingReason == .paused)
        #expect(
            CUPSPrinterAttributes(state: 4, reasons: ["offline-report"]).printerStatus.waitingReason == .printerOffline)
        #expect(
            CUPSPrinterAttributes(state: 4, reasons: ["media-empty-error"]).printerStatus.waitingReason == .paperOut)
        #expect(CUPSPrinterAttributes(state: 4, reasons: ["media-empty-warning"]).printerStatus.waitingReason == nil)
        #expect(CUPSPrinterAttributes(state: 4, reasons: ["cover-open"]).printerStatus.waitingReason == .headOpen)
        #expect(CUPSPrinterAttributes(state: 4, reasons: ["connecting-to-device"]).printerStatus.state == .ready)
    }
}
