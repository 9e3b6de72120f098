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
