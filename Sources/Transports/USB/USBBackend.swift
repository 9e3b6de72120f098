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
