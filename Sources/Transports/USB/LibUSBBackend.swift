import CLibUSB
import Dispatch

/// The real USB stack: libusb-1.0. Every libusb call blocks, so each runs on this backend's serial queue (and each
/// open interface's own), never on the cooperative thread pool. Every device list, configuration descriptor and
/// handle is freed before the call returns or when the handle closes.
public final class LibUSBBackend: USBBackend, @unchecked Sendable {
    private let queue = DispatchQueue(label: "usb.libusb", qos: .utility)
    /// The libusb context, or nil when libusb could not start on this host.
    private nonisolated(unsafe) let context: OpaquePointer?
    private let initFailure: USBError?

    public init() {
        var context: OpaquePointer?
        let result = libusb_init(&context)
        if result == 0 {
            self.context = context
            self.initFailure = nil
        } else {
            self.context = nil
            self.initFailure = USBError(
                .noUSBSupport,
                "no USB support on this host: libusb_init failed with \(Self.name(result)) (no usbfs at /dev/bus/usb? "
                    + "in a container, pass the USB bus through)", libusbError: result)
        }
    }

    deinit {
        if let context { libusb_exit(context) }
    }

    public func printers() async throws -> [USBDeviceInfo] {
        let context = UncheckedPointer(try started())
        return try await run { () throws(USBError) in try Self.listPrinters(context.pointer) }
    }

    public func open(_ device: USBDeviceInfo) async throws -> any USBPrinterHandle {
        let context = UncheckedPointer(try started())
        return try await run { () throws(USBError) in try LibUSBPrinterHandle.open(device, context: context.pointer) }
    }

    private func started() throws(USBError) -> OpaquePointer {
        guard let context else { throw initFailure! }
        return context
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable () throws(USBError) -> T) async throws -> T {
        let result: Result<T, USBError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { () throws(USBError) in try body() }) }
        }
        return try result.get()
    }

    /// Every device with a printer-class interface and a bulk OUT endpoint.
    private static func listPrinters(_ context: OpaquePointer) throws(USBError) -> [USBDeviceInfo] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0, let list else {
            throw error(Int32(count), "listing USB devices", device: "the USB bus")
        }
        defer { libusb_free_device_list(list, 1) }
        var result: [USBDeviceInfo] = []
        for index in 0..<Int(count) {
            guard let device = list[index], var info = describe(device) else { continue }
            info.serial = serialNumber(device)
            result.append(info)
        }
        return result
    }

    /// The device's ids and printer interface, or nil when it has none.
    static func describe(_ device: OpaquePointer) -> USBDeviceInfo? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0,
            let endpoints = printerInterface(device)
        else { return nil }
        return USBDeviceInfo(
            vendorID: descriptor.idVendor, productID: descriptor.idProduct,
            bus: Int(libusb_get_bus_number(device)), address: Int(libusb_get_device_address(device)),
            interface: endpoints.interface, hasBulkIn: endpoints.bulkIn != nil)
    }

    /// The first printer-class (7) interface with a bulk OUT endpoint, and its bulk IN endpoint if any.
    static func printerInterface(_ device: OpaquePointer) -> (interface: Int, bulkOut: UInt8, bulkIn: UInt8?)? {
        var configuration: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &configuration) == 0, let configuration else { return nil }
        defer { libusb_free_config_descriptor(configuration) }
        for interfaceIndex in 0..<Int(configuration.pointee.bNumInterfaces) {
            let interface = configuration.pointee.interface[interfaceIndex]
            for settingIndex in 0..<Int(interface.num_altsetting) {
                let setting = interface.altsetting[settingIndex]
                guard setting.bInterfaceClass == UInt8(LIBUSB_CLASS_PRINTER.rawValue) else { continue }
                var bulkOut: UInt8?
                var bulkIn: UInt8?
                for endpointIndex in 0..<Int(setting.bNumEndpoints) {
                    let endpoint = setting.endpoint[endpointIndex]
                    guard endpoint.bmAttributes & 0x03 == UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue) else { continue }
                    if endpoint.bEndpointAddress & 0x80 != 0 {
                        bulkIn = bulkIn ?? endpoint.bEndpointAddress
                    } else {
                        bulkOut = bulkOut ?? endpoint.bEndpointAddress
                    }
                }
                if let bulkOut { return (Int(setting.bInterfaceNumber), bulkOut, bulkIn) }
            }
        }
        return nil
    }

    /// The iSerialNumber string; nil when the device cannot be opened (permissions) or has none.
    private static func serialNumber(_ device: OpaquePointer) -> String? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0, descriptor.iSerialNumber != 0 else { return nil }
        var handle: OpaquePointer?
        guard libusb_open(device, &handle) == 0, let handle else { return nil }
        defer { libusb_close(handle) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = libusb_get_string_descriptor_ascii(handle, descriptor.iSerialNumber, &buffer, Int32(buffer.count))
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }

    /// A libusb error code as a ``USBError`` that says what to do.
    static func error(_ code: Int32, _ what: String, device: String, transferred: Int = 0) -> USBError {
        switch code {
        case LIBUSB_ERROR_ACCESS.rawValue:
            return USBError.permissionDenied(device)
        case LIBUSB_ERROR_BUSY.rawValue:
            return USBError(
                .interfaceBusy,
                "interface busy: another driver or program holds the printer interface of \(device) "
                    + "(CUPS's usb backend? stop that queue or print through it)", libusbError: code)
        case LIBUSB_ERROR_NO_DEVICE.rawValue:
            return USBError(
                .disconnected, "\(device) is gone (unplugged or switched off) while \(what)", libusbError: code)
        case LIBUSB_ERROR_NOT_FOUND.rawValue:
            return USBError(.noSuchDevice, "no such device: \(device) while \(what)", libusbError: code)
        case LIBUSB_ERROR_TIMEOUT.rawValue:
            return USBError(.timeout, "\(what) timed out", libusbError: code, transferred: transferred)
        case LIBUSB_ERROR_NOT_SUPPORTED.rawValue:
            return USBError(
                .noUSBSupport, "no USB support on this host for \(device): \(what) is not supported", libusbError: code)
        default:
            return USBError(
                .io, "\(what) on \(device) failed: \(name(code))", libusbError: code, transferred: transferred)
        }
    }

    static func name(_ code: Int32) -> String {
        libusb_error_name(code).map { String(cString: $0) } ?? "libusb error \(code)"
    }
}

/// The libusb context crossing to the backend's queue; libusb contexts are thread-safe.
struct UncheckedPointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
