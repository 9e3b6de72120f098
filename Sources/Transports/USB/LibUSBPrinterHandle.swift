import CLibUSB
import Dispatch

/// A claimed printer interface through libusb. It owns the `libusb_device_handle`; ``close()`` releases the
/// interface, gives a detached `usblp` back to the kernel, and closes the handle.
final class LibUSBPrinterHandle: USBPrinterHandle, @unchecked Sendable {
    let hasBulkIn: Bool
    let detachedKernelDriver: Bool
    private let queue = DispatchQueue(label: "usb.printer", qos: .utility)
    private var handle: OpaquePointer?
    private let interface: Int32
    private let bulkOut: UInt8
    private let bulkIn: UInt8?
    private let name: String

    private init(
        handle: OpaquePointer, interface: Int32, bulkOut: UInt8, bulkIn: UInt8?, detached: Bool, name: String
    ) {
        self.handle = handle
        self.interface = interface
        self.bulkOut = bulkOut
        self.bulkIn = bulkIn
        self.hasBulkIn = bulkIn != nil
        self.detachedKernelDriver = detached
        self.name = name
    }

    deinit { release() }

    /// Opens the device at the bus address `device` names, detaches `usblp` if it holds the interface, claims it.
    static func open(_ device: USBDeviceInfo, context: OpaquePointer) throws(USBError) -> LibUSBPrinterHandle {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0, let list else {
            throw LibUSBBackend.error(Int32(count), "listing USB devices", device: device.description)
        }
        defer { libusb_free_device_list(list, 1) }
        let found = (0..<Int(count)).compactMap { list[$0] }.first { candidate in
            Int(libusb_get_bus_number(candidate)) == device.bus
                && Int(libusb_get_device_address(candidate)) == device.address
        }
        guard let found, let endpoints = LibUSBBackend.printerInterface(found) else {
            throw USBError(.noSuchDevice, "no such device: \(device.description) is no longer attached")
        }
        var handle: OpaquePointer?
        let opened = libusb_open(found, &handle)
        guard opened == 0, let handle else {
            throw LibUSBBackend.error(opened, "opening", device: device.description)
        }
        let interface = Int32(endpoints.interface)
        var detached = false
        if libusb_kernel_driver_active(handle, interface) == 1 {
            let result = libusb_detach_kernel_driver(handle, interface)
            guard result == 0 else {
                libusb_close(handle)
                throw LibUSBBackend.error(result, "detaching the kernel's usblp driver", device: device.description)
            }
            detached = true
        }
        let claimed = libusb_claim_interface(handle, interface)
        guard claimed == 0 else {
            if detached { libusb_attach_kernel_driver(handle, interface) }
            libusb_close(handle)
            throw LibUSBBackend.error(claimed, "claiming the printer interface", device: device.description)
        }
        return LibUSBPrinterHandle(
            handle: handle, interface: interface, bulkOut: endpoints.bulkOut, bulkIn: endpoints.bulkIn,
            detached: detached, name: device.description)
    }

    func write(_ bytes: ArraySlice<UInt8>, timeout: Duration) async throws -> Int {
        let data = Array(bytes)
        return try await transfer(
            endpoint: bulkOut, bytes: data, length: data.count, timeout: timeout, what: "bulk OUT"
        )
        .count
    }

    func read(maximumLength: Int, timeout: Duration) async throws -> [UInt8] {
        guard let bulkIn else { throw USBError(.io, "\(name) has no bulk IN endpoint") }
        do {
            return try await transfer(
                endpoint: bulkIn, bytes: [UInt8](repeating: 0, count: maximumLength), length: maximumLength,
                timeout: timeout, what: "bulk IN")
        } catch let error as USBError where error.code == .timeout {
            return []
        }
    }

    func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                self.release()
                continuation.resume()
            }
        }
    }

    /// One bulk transfer on the handle's queue: the bytes written (OUT) or read (IN).
    private func transfer(endpoint: UInt8, bytes: [UInt8], length: Int, timeout: Duration, what: String)
        async throws -> [UInt8]
    {
        let milliseconds = UInt32(clamping: Int((timeout.timeInterval * 1000).rounded()))
        let result: Result<[UInt8], USBError> = await withCheckedContinuation { continuation in
            queue.async {
                guard let handle = self.handle else {
                    continuation.resume(returning: .failure(USBError(.disconnected, "\(self.name) is closed")))
                    return
                }
                var buffer = bytes
                var transferred: Int32 = 0
                let code = libusb_bulk_transfer(handle, endpoint, &buffer, Int32(length), &transferred, milliseconds)
                if code == 0 {
                    continuation.resume(returning: .success(Array(buffer.prefix(Int(transferred)))))
                } else {
                    continuation.resume(
                        returning: .failure(
                            LibUSBBackend.error(code, what, device: self.name, transferred: Int(transferred))))
                }
            }
        }
        return try result.get()
    }

    private func release() {
        guard let handle else { return }
        self.handle = nil
        libusb_release_interface(handle, interface)
        if detachedKernelDriver { libusb_attach_kernel_driver(handle, interface) }
        libusb_close(handle)
    }
}
