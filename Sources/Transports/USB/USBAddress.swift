import Core

/// Which USB printer a URI means: `usb://VID:PID[?serial=S]` (hexadecimal ids, as lsusb prints them) or
/// `usb://zebra[?serial=S]` (any device of Zebra's vendor id 0x0A5F). With several matches and no serial, the
/// first in bus order is used.
public struct USBAddress: Sendable, Hashable, CustomStringConvertible {
    public static let zebraVendorID: UInt16 = 0x0A5F

    public var vendorID: UInt16
    /// nil: any product of the vendor.
    public var productID: UInt16?
    public var serial: String?

    public init(vendorID: UInt16, productID: UInt16?, serial: String? = nil) {
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
    }

    /// Reads the address from the URI's own text: `URLComponents` would read `0a5f:0120` as host and decimal port.
    public init(uri: PrinterURI) throws(PrinterURIError) {
        guard uri.scheme == "usb" else { throw PrinterURIError("'\(uri)' is not a usb:// URI") }
        let text = uri.description
        guard let start = text.range(of: "://")?.upperBound else {
            throw PrinterURIError("'\(uri)' has no usb:// part")
        }
        let authority = text[start...].prefix { $0 != "?" && $0 != "/" && $0 != "#" }.lowercased()
        for (name, _) in uri.query where name != "serial" {
            throw PrinterURIError("'\(uri)': unknown option '\(name)' for a USB printer; known options: serial")
        }
        let serial = uri.value("serial").flatMap { $0.isEmpty ? nil : $0 }
        if authority == "zebra" {
            self.init(vendorID: Self.zebraVendorID, productID: nil, serial: serial)
            return
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16),
            parts.allSatisfy({ (1...4).contains($0.count) })
        else {
            throw PrinterURIError(
                "'\(uri)': write usb://VID:PID?serial=… with hexadecimal ids as lsusb shows them (usb://0a5f:0120) "
                    + "or usb://zebra?serial=…")
        }
        self.init(vendorID: vendor, productID: product, serial: serial)
    }

    public func matches(_ device: USBDeviceInfo) -> Bool {
        device.vendorID == vendorID && (productID == nil || device.productID == productID)
            && (serial == nil || device.serial == serial)
    }

    public var description: String {
        let ids = productID.map { Self.hex(vendorID) + ":" + Self.hex($0) } ?? "zebra (\(Self.hex(vendorID)):*)"
        return "USB printer " + ids + (serial.map { " serial \($0)" } ?? "")
    }

    static func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
