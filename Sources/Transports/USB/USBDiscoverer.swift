import Core

/// Lists the Zebra printers (vendor id 0x0A5F) on USB as `usb://VID:PID?serial=…` URIs.
public struct USBDiscoverer: PrinterDiscoverer {
    public let transport = "usb"
    public let backend: any USBBackend

    public init(backend: any USBBackend) {
        self.backend = backend
    }

    public func discover() async -> DiscoveryReport {
        let devices: [USBDeviceInfo]
        do { devices = try await backend.printers() } catch {
            let error = USBError(error)
            return DiscoveryReport(
                transport: transport, available: error.code != .noUSBSupport, printers: [], note: error.message)
        }
        let zebras = devices.filter { $0.vendorID == USBAddress.zebraVendorID }
        let printers = zebras.map { device in
            DiscoveredPrinter(
                uri: device.uri, transport: transport,
                name: [device.manufacturer, device.product].compactMap { $0 }.joined(separator: " "),
                detail: device.description + (device.hasBulkIn ? "" : "; no bulk IN: confirmations are delivered")
                    + (device.serial == nil ? "; serial unreadable (permissions? see the udev rule)" : ""))
        }
        var note: String? = nil
        if printers.isEmpty {
            note =
                devices.isEmpty
                ? "no USB printers attached"
                : "no Zebra (vendor 0a5f) among the USB printers: " + devices.map(\.description).joined(separator: "; ")
        }
        return DiscoveryReport(transport: transport, available: true, printers: printers, note: note)
    }
}
