import Core
import Logging

/// A USB printer as the ZPL driver reaches it: the attached device the address means, opened on its printer-class
/// interface, and the words for what goes wrong (missing, unplugged, busy or forbidden: the job waits).
public struct USBDevice: ZPLDevice {
    let address: USBAddress
    let backend: any USBBackend
    let configuration: USBTransport.Configuration
    /// What the last opening found, shared with the factory.
    let level: ConfirmationLevel
    let logger: Logger

    public var name: String { address.description }

    /// Finds the device, opens it (detaching the kernel's usblp) and claims its printer interface.
    public func connect() async throws(TransportError) -> USBChannel {
        let device = try await find()
        let handle: any USBPrinterHandle
        do { handle = try await backend.open(device) } catch { throw transportError(USBError(error), doing: "opening") }
        level.set(handle.hasBulkIn ? .printed : .delivered)
        if handle.detachedKernelDriver { logger.notice("detached the kernel's usblp driver from the printer") }
        if !handle.hasBulkIn {
            logger.notice("printer has no bulk IN endpoint: labels count as delivered once written, not printed")
        }
        return USBChannel(handle: handle, device: device)
    }

    /// The attached device the URI means. Throws unreachable (no such device) or unsupported (no USB here).
    func find() async throws(TransportError) -> USBDeviceInfo {
        let devices: [USBDeviceInfo]
        do { devices = try await backend.printers() } catch {
            throw transportError(USBError(error), doing: "listing devices")
        }
        if let match = devices.first(where: address.matches) { return match }
        let seen =
            devices.isEmpty
            ? "no USB printers attached" : "attached: " + devices.map(\.description).joined(separator: "; ")
        throw TransportError(
            .unreachable,
            "no such device: \(address) is not attached (\(seen)); check the cable and power, lsusb lists devices")
    }

    public func failure(_ failure: USBError, while activity: ZPLActivity) -> TransportError {
        switch activity {
        case .sending(let label) where failure.code == .timeout:
            TransportError(
                .timeout,
                "\(address) took no data for \(Int(configuration.writeTimeout.timeInterval)) s while label "
                    + "\(label.number) was sent (\(failure.transferred) of \(label.zpl.count) bytes)")
        case .sending(let label):
            transportError(failure, doing: "sending label \(label.number)")
        case .asking(let command):
            transportError(failure, doing: "asking \(command)")
        }
    }

    public var statusWithoutBackChannel: PrinterStatus {
        PrinterStatus(
            state: .unknown,
            detail: "no bulk IN endpoint: the printer cannot answer ~HS; labels count as delivered once written")
    }

    func transportError(_ error: USBError, doing what: String) -> TransportError {
        logger.debug("USB error", metadata: ["error": "\(error)"])
        switch error.code {
        case .noUSBSupport:
            return TransportError(.unsupported, error.message, underlying: error)
        case .noSuchDevice, .permissionDenied, .interfaceBusy:
            return TransportError(.unreachable, error.message, underlying: error)
        case .disconnected:
            return TransportError(
                .unreachable, "\(address) was unplugged or switched off while \(what); the job waits until it is back",
                underlying: error)
        case .timeout:
            return TransportError(.timeout, "\(address) timed out while \(what): \(error.message)", underlying: error)
        default:
            return TransportError(
                .connectionLost, "\(address) failed while \(what): \(error.message)", underlying: error)
        }
    }
}
