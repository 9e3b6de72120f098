import Core
import Testing
import TransportUSB

/// The real libusb backend on this host: it initialises, enumerates, and reports plainly what it finds.
@Suite("libusb on this host")
struct LibUSBBackendTests {
    @Test("libusb starts and enumerates; no Zebra here gives a clear no-such-device or no-USB error")
    func enumerate() async throws {
        let backend = LibUSBBackend()
        do {
            let printers = try await backend.printers()
            #expect(printers.allSatisfy { !$0.description.isEmpty }, "every device found describes itself")
            let zebras = printers.filter { $0.vendorID == USBAddress.zebraVendorID }
            try #require(zebras.isEmpty, "this test expects a host without a Zebra on USB")
        } catch let error as USBError {
            #expect(error.code == .noUSBSupport)
            #expect(error.message.contains("no USB support on this host"), "\(error.message)")
        }
        let factory = USBTransportFactory(backend: backend)
        let transport = try factory.makeTransport(
            uri: try PrinterURI("usb://zebra?serial=NONE"), model: .zebraZ230_300dpi, logger: .init(label: "usb"))
        let error = await #expect(throws: TransportError.self) { try await transport.open() }
        #expect(error?.code == .unreachable || error?.code == .unsupported)
        #expect(
            error?.message.contains("no such device") == true || error?.message.contains("no USB support") == true,
            "\(error?.message ?? "")")
        #expect(
            error?.message.contains("NONE") == true || error?.code == .unsupported,
            "the error names the device asked for")
    }
}
