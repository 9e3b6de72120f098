/// What the USB transport needs from a USB stack, so that every path can be tested without a USB bus: the
/// device list with descriptors (`libusb_get_device_list`), opening a device's printer-class interface (open,
/// detach the kernel's `usblp`, claim), and bulk transfers on it. ``LibUSBBackend`` is libusb-1.0;
/// the tests' `SimulatedUSBBackend` (Tests/USBTestSupport) is a simulated Z230.
public protocol USBBackend: Sendable {
    /// The attached devices that have a printer-class interface (class 7) with a bulk OUT endpoint.
    /// Throws ``USBError/Code/noUSBSupport`` when the host has no USB support.
    func printers() async throws -> [USBDeviceInfo]

    /// Opens `device`, detaches a kernel driver holding its printer interface, and claims the interface.
    func open(_ device: USBDeviceInfo) async throws -> any USBPrinterHandle
}

/// A claimed printer interface: bulk OUT, and bulk IN when the device has it. Closing releases the interface.
public protocol USBPrinterHandle: Sendable {
    /// Whether the interface has a bulk IN endpoint (a back channel for `~HS` answers).
    var hasBulkIn: Bool { get }
    /// True when opening detached a kernel driver (`usblp`) from the interface.
    var detachedKernelDriver: Bool { get }

    /// One bulk OUT transfer; returns how many bytes went out, possibly fewer than given.
    /// A timeout with some bytes written throws ``USBError/Code/timeout`` with ``USBError/transferred`` set.
    func write(_ bytes: ArraySlice<UInt8>, timeout: Duration) async throws -> Int

    /// One bulk IN transfer of at most `maximumLength` bytes; empty when nothing came within `timeout`.
    func read(maximumLength: Int, timeout: Duration) async throws -> [UInt8]

    func close() async
}

/// A USB printer as the device list describes it.
public struct USBDeviceInfo: Sendable, Hashable {
    public var vendorID: UInt16
    public var productID: UInt16
    /// The iSerialNumber string, when the device could be opened to read it.
    public var serial: String?
    public var manufacturer: String?
    public var product: String?
    public var bus: Int
    public var address: Int
    /// The printer-class interface number.
    public var interface: Int
    public var hasBulkIn: Bool

    public init(
        vendorID: UInt16, productID: UInt16, serial: String? = nil, manufacturer: String? = nil,
        product: String? = nil, bus: Int = 1, address: Int = 1, interface: Int = 0, hasBulkIn: Bool = true
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
        self.manufacturer = manufacturer
        self.product = product
        self.bus = bus
        self.address = address
        self.interface = interface
        self.hasBulkIn = hasBulkIn
    }

    /// `0a5f:0120`.
    public var ids: String { USBAddress.hex(vendorID) + ":" + USBAddress.hex(productID) }

    /// A URI that finds this device again: `usb://0a5f:0120?serial=…`.
    public var uri: String { "usb://\(ids)" + (serial.map { "?serial=\($0)" } ?? "") }

    /// `0a5f:0120 serial 52J123 (Zebra ZT230) on bus 1 address 4`.
    public var description: String {
        var text = ids
        if let serial { text += " serial \(serial)" }
        let name = [manufacturer, product].compactMap { $0 }.joined(separator: " ")
        if !name.isEmpty { text += " (\(name))" }
        return text + " on bus \(bus) address \(address)"
    }
}
