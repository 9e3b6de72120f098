import Core
import Foundation
import Logging
import Synchronization

/// Prints ZPL to a Zebra on USB: bulk OUT to the printer-class interface, and, when the device has a bulk IN
/// endpoint, `~HS` answers read back on it to confirm labels as printed (printed = sent − formats in the receive
/// buffer − 1 while a batch runs), as on port 9100. Without bulk IN the transport cannot hear the printer: a label
/// counts once its bytes are written, ``confirmation`` says ``Core/Confirmation/delivered``, and the status says so.
///
/// A device that is missing, unplugged (even mid-job), busy or forbidden makes the job wait as `printer_offline`
/// (``Core/TransportError/Code/unreachable``) with a message saying what to do; it resumes when the device is back.
public actor USBTransport: Transport {
    public nonisolated let address: USBAddress
    public nonisolated let configuration: Configuration
    private nonisolated let level: ConfirmationLevel

    let backend: any USBBackend
    let clock: any GatewayClock
    let logger: Logger
    private var handle: (any USBPrinterHandle)?
    private var device: USBDeviceInfo?
    private var sent = 0
    private var confirmed = 0

    public init(
        address: USBAddress, backend: any USBBackend, configuration: Configuration = Configuration(),
        clock: any GatewayClock = SystemClock(), logger: Logger
    ) {
        self.init(
            address: address, backend: backend, configuration: configuration, clock: clock,
            level: ConfirmationLevel(), logger: logger)
    }

    /// `level` is shared with the factory, which reports what the device's last opening found.
    init(
        address: USBAddress, backend: any USBBackend, configuration: Configuration, clock: any GatewayClock,
        level: ConfirmationLevel, logger: Logger
    ) {
        self.level = level
        self.address = address
        self.backend = backend
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// ``Core/Confirmation/printed`` while the open device has bulk IN, ``Core/Confirmation/delivered`` without it.
    public nonisolated var confirmation: Confirmation { level.value }

    /// The device this transport opened last.
    public var openDevice: USBDeviceInfo? { device }

    public func open() async throws {
        await close()
        sent = 0
        confirmed = 0
        let device = try await find()
        let handle: any USBPrinterHandle
        do { handle = try await backend.open(device) } catch { throw transportError(USBError(error), doing: "opening") }
        self.device = device
        self.handle = handle
        level.set(handle.hasBulkIn ? .printed : .delivered)
        if handle.detachedKernelDriver { logger.notice("detached the kernel's usblp driver from the printer") }
        if handle.hasBulkIn {
            do { try await waitUntilDrained(handle) } catch {
                await close()
                throw error
            }
        } else {
            logger.notice("printer has no bulk IN endpoint: labels count as delivered once written, not printed")
        }
        logger.info("opened USB printer", metadata: ["usb.device": "\(device.description)"])
    }

    public func send(_ label: LabelDocument) async throws {
        let handle = try opened()
        var offset = 0
        while offset < label.zpl.count {
            let outcome = await Self.write(handle, label.zpl[offset...], timeout: configuration.writeTimeout)
            switch outcome {
            case .success(let written) where written > 0:
                offset += written
            case .failure(let error) where error.code == .timeout && error.transferred > 0:
                offset += error.transferred
            case .failure(let error) where error.code != .timeout:
                await dropHandle()
                throw transportError(error, doing: "sending label \(label.number)")
            case .success, .failure:
                await dropHandle()
                throw TransportError(
                    .timeout,
                    "\(address) took no data for \(Int(configuration.writeTimeout.timeInterval)) s while label "
                        + "\(label.number) was sent (\(offset) of \(label.zpl.count) bytes)")
            }
        }
        sent += 1
    }

    /// One bulk OUT transfer as a result, so partial writes and timeouts can be told apart.
    private static func write(_ handle: any USBPrinterHandle, _ bytes: ArraySlice<UInt8>, timeout: Duration) async
        -> Result<Int, USBError>
    {
        do { return .success(try await handle.write(bytes, timeout: timeout)) } catch {
            return .failure(USBError(error))
        }
    }

    public func progress() async throws -> TransportProgress {
        let handle = try opened()
        guard handle.hasBulkIn else {
            confirmed = sent
            return TransportProgress(confirmed: confirmed, status: stamped(Self.noBackChannelStatus))
        }
        switch try await readStatus(handle) {
        case .host(let status):
            confirmed = max(confirmed, status.printed(ofSent: sent))
            return TransportProgress(confirmed: confirmed, status: stamped(status.printerStatus))
        case .extended(let status):
            var printerStatus = status.printerStatus
            printerStatus.detail = "no answer to ~HS; status from ~HQES"
            return TransportProgress(confirmed: confirmed, status: stamped(printerStatus))
        }
    }

    public func status() async throws -> PrinterStatus {
        if let handle {
            guard handle.hasBulkIn else { return stamped(Self.noBackChannelStatus) }
            return stamped(try await readStatus(handle).printerStatus)
        }
        let found: Result<USBDeviceInfo, TransportError>
        do { found = .success(try await find()) } catch { found = .failure(error) }
        switch found {
        case .success(let device):
            return stamped(PrinterStatus(state: .unknown, detail: "attached, not open: \(device.description)"))
        case .failure(let error) where error.code == .unreachable:
            return stamped(.offline(error.message))
        case .failure(let error):
            throw error
        }
    }

    public func close() async {
        await dropHandle()
    }

    static let noBackChannelStatus = PrinterStatus(
        state: .unknown,
        detail: "no bulk IN endpoint: the printer cannot answer ~HS; labels count as delivered once written")
}

extension USBTransport {
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

    func opened() throws(TransportError) -> any USBPrinterHandle {
        guard let handle else { throw TransportError(.connectionLost, "\(address) is not open") }
        return handle
    }

    func dropHandle() async {
        guard let handle else { return }
        self.handle = nil
        await handle.close()
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

    func stamped(_ status: PrinterStatus) -> PrinterStatus {
        var status = status
        status.checkedAt = clock.now
        return status
    }

    /// Polls `~HS` until formats left from an earlier connection have printed, so counting starts at zero.
    private func waitUntilDrained(_ handle: any USBPrinterHandle) async throws {
        try await ZPLStatusReading.waitUntilDrained(
            printer: address.description, timeout: configuration.drainTimeout,
            pollInterval: configuration.drainPollInterval, clock: clock, read: { try await readStatus(handle) })
    }
}

/// The confirmation level of a USB device as its last opening found it, readable from any task.
final class ConfirmationLevel: Sendable {
    private let state = Mutex<Confirmation?>(nil)

    /// What the open device gives; ``Core/Confirmation/printed`` before any opening.
    var value: Confirmation { state.withLock { $0 ?? .printed } }

    /// What the last opening found; nil before any.
    var observed: Confirmation? { state.withLock { $0 } }

    func set(_ confirmation: Confirmation) { state.withLock { $0 = confirmation } }
}

/// One ``ConfirmationLevel`` per device address, shared by every transport the factory makes for it.
final class ConfirmationLevels: Sendable {
    private let levels = Mutex<[String: ConfirmationLevel]>([:])

    func level(for address: USBAddress) -> ConfirmationLevel {
        levels.withLock { levels in
            if let level = levels[address.description] { return level }
            let level = ConfirmationLevel()
            levels[address.description] = level
            return level
        }
    }

    func observed(for address: USBAddress) -> Confirmation? {
        levels.withLock { $0[address.description]?.observed }
    }
}
