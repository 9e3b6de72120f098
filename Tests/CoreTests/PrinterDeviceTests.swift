import Core
import Testing

@Suite("Which device a printer URI names")
struct PrinterDeviceTests {
    @Test(
        "URIs naming one device have one identity",
        arguments: [
            ("raw9100://10.0.0.50:9100", "socket://10.0.0.50"),
            ("raw9100://Printer.local:9100", "raw9100://printer.local"),
            ("cups://zebra_z230", "cups://localhost:631/Zebra_Z230"),
            ("usb://0a5f:0120?serial=52J123", "usb://zebra?serial=52J123"),
        ])
    func same(first: String, second: String) {
        #expect(PrinterURI.deviceIdentity(of: first) != nil)
        #expect(PrinterURI.deviceIdentity(of: first) == PrinterURI.deviceIdentity(of: second))
    }

    @Test(
        "URIs naming different devices differ",
        arguments: [
            ("raw9100://10.0.0.50:9100", "raw9100://10.0.0.50:9101"),
            ("cups://zebra_a", "cups://zebra_b"),
            ("cups://zebra_a", "cups://server:631/zebra_a"),
            ("usb://0a5f:0120?serial=A", "usb://0a5f:0120?serial=B"),
        ])
    func different(first: String, second: String) {
        #expect(PrinterURI.deviceIdentity(of: first) != PrinterURI.deviceIdentity(of: second))
    }

    @Test("a USB URI without a serial names no device in particular")
    func usbWithoutSerial() {
        #expect(PrinterURI.deviceIdentity(of: "usb://0a5f:0120") == nil)
    }
}
