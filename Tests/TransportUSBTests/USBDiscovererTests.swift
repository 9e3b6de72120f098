import Core
import Testing
import TransportSimulated
import TransportUSB
import USBTestSupport

@Suite("USB discovery")
struct USBDiscovererTests {
    @Test("Zebra devices become usb://VID:PID?serial= URIs; other vendors are left out and named")
    func zebras() async throws {
        let fixture = await USBFixture()
        let other = SimulatedPrinter(configuration: .init(name: "other"), clock: fixture.clock)
        await fixture.backend.attach(other, vendorID: 0x04B8, productID: 0x0202, serial: "EPSON1")
        let report = await USBDiscoverer(backend: fixture.backend).discover()
        #expect(report.printers.map(\.uri) == ["usb://0a5f:0120?serial=\(USBFixture.serial)"])

        let onlyOthers = SimulatedUSBBackend()
        await onlyOthers.attach(other, vendorID: 0x04B8, productID: 0x0202, serial: "EPSON1")
        let none = await USBDiscoverer(backend: onlyOthers).discover()
        #expect(none.printers.isEmpty)
        #expect(none.note?.contains("no Zebra") == true)

        await onlyOthers.setUSBSupported(false)
        let unsupported = await USBDiscoverer(backend: onlyOthers).discover()
        #expect(!unsupported.available)
        #expect(unsupported.note?.contains("no USB support") == true)
    }

    @Test("libusb on this host: nothing found, said plainly")
    func realBackend() async {
        let report = await USBDiscoverer(backend: LibUSBBackend()).discover()
        #expect(report.printers.isEmpty)
        let note = report.note ?? ""
        #expect(
            report.available
                ? note == "no USB printers attached" || note.contains("no Zebra") : note.contains("no USB support"),
            "available=\(report.available): \(note)")
    }
}
