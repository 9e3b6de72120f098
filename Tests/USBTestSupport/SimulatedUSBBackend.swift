import Core
import TransportSimulated
import TransportUSB

/// A simulated USB bus holding simulated Z230s behind a printer-class interface: bulk OUT into the
/// ``TransportSimulated/SimulatedPrinter`` model, bulk IN (when the device has it) carrying its `~HS`/`~HQES`
/// answers. A test can unplug and replug a device, take away USB support, deny permission, mark the interface
/// busy, attach the kernel's usblp, cap the bytes one transfer takes, or stall bulk OUT.
public actor SimulatedUSBBackend: USBBackend {
    struct Device {
        var info: USBDeviceInfo
        let printer: SimulatedPrinter
        var plugged = true
        /// Bumped on every replug: handles opened before it are dead.
        var generation = 0
        var kernelDriverAttached = false
        var permissionDenied = false
        var busy = false
        var stalled = false
        var maximumTransfer = Int.max
        var inbound: [UInt8] = []
    }

    private var devices: [Device] = []
    private var usbSupported = true

    public init() {}

    /// Attaches a simulated printer; returns its index for the other calls.
    @discardableResult
    public func attach(
        _ printer: SimulatedPrinter, vendorID: UInt16 = USBAddress.zebraVendorID, productID: UInt16 = 0x0120,
        serial: String? = nil, hasBulkIn: Bool = true, kernelDriverAttached: Bool = false
    ) -> Int {
        let info = USBDeviceInfo(
            vendorID: vendorID, productID: productID, serial: serial, manufacturer: "Zebra Technologies",
            product: "ZTC ZT230-300dpi ZPL", bus: 1, address: devices.count + 2, hasBulkIn: hasBulkIn)
        devices.append(Device(info: info, printer: printer, kernelDriverAttached: kernelDriverAttached))
        return devices.count - 1
    }

    public func unplug(_ index: Int) {
        devices[index].plugged = false
        devices[index].inbound = []
    }

    public func plug(_ index: Int) {
        devices[index].plugged = true
        devices[index].generation += 1
    }

    public func setUSBSupported(_ supported: Bool) { usbSupported = supported }
    public func setPermissionDenied(_ index: Int, _ denied: Bool) { devices[index].permissionDenied = denied }
    public func setBusy(_ index: Int, _ busy: Bool) { devices[index].busy = busy }
    public func setStalled(_ index: Int, _ stalled: Bool) { devices[index].stalled = stalled }
    /// At most this many bytes go out per bulk OUT transfer (a short write).
    public func setMaximumTransfer(_ index: Int, _ bytes: Int) { devices[index].maximumTransfer = max(1, bytes) }
    public func isKernelDriverAttached(_ index: Int) -> Bool { devices[index].kernelDriverAttached }

    public func printers() throws(USBError) -> [USBDeviceInfo] {
        guard usbSupported else {
            throw USBError(.noUSBSupport, "no USB support on this host: libusb_init failed (simulated)")
        }
        return devices.filter(\.plugged).map(\.info)
    }

    public func open(_ device: USBDeviceInfo) async throws -> any USBPrinterHandle {
        guard let index = devices.firstIndex(where: { $0.info == device && $0.plugged }) else {
            throw USBError(.noSuchDevice, "no such device: \(device.description) is gone")
        }
        if devices[index].permissionDenied { throw USBError.permissionDenied(device.description) }
        if devices[index].busy {
            throw USBError(
                .interfaceBusy,
                "interface busy: another program holds the printer interface of \(device.description) "
                    + "(is CUPS's usb backend printing to it? stop that queue or use it instead)")
        }
        let detached = devices[index].kernelDriverAttached
        devices[index].kernelDriverAttached = false
        let connection = await devices[index].printer.connect()
        return SimulatedUSBHandle(
            backend: self, index: index, generation: devices[index].generation, connection: connection,
            hasBulkIn: device.hasBulkIn, detachedKernelDriver: detached)
    }

    func write(_ bytes: ArraySlice<UInt8>, index: Int, generation: Int, connection: SimulatedPrinter.ConnectionID)
        async throws -> Int
    {
        try check(index, generation)
        if devices[index].stalled {
            throw USBError(.timeout, "bulk OUT timed out", libusbError: -7, transferred: 0)
        }
        let count = min(bytes.count, devices[index].maximumTransfer)
        let answer = await devices[index].printer.receive(Array(bytes.prefix(count)), connection: connection)
        if devices[index].info.hasBulkIn { devices[index].inbound += answer }
        return count
    }

    func read(maximumLength: Int, index: Int, generation: Int) throws(USBError) -> [UInt8] {
        try check(index, generation)
        guard devices[index].info.hasBulkIn else {
            throw USBError(.io, "the device has no bulk IN endpoint")
        }
        let bytes = Array(devices[index].inbound.prefix(maximumLength))
        devices[index].inbound.removeFirst(bytes.count)
        return bytes
    }

    func close(index: Int, connection: SimulatedPrinter.ConnectionID) async {
        await devices[index].printer.disconnect(connection)
    }

    private func check(_ index: Int, _ generation: Int) throws(USBError) {
        guard devices[index].plugged, devices[index].generation == generation else {
            throw USBError(.disconnected, "LIBUSB_ERROR_NO_DEVICE: the device was unplugged", libusbError: -4)
        }
    }
}
