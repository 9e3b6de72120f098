import Core
import Logging

/// Prints ZPL to a Zebra on USB: the ``Core/ZPLDriver`` over bulk OUT to the printer-class interface and, when the
/// device has a bulk IN endpoint, `~HS` answers read back on it to confirm labels as printed, as on port 9100.
/// Without bulk IN the transport cannot hear the printer: a label counts once its bytes are written,
/// ``confirmation`` says ``Core/Confirmation/delivered``, and the status says so.
///
/// A device that is missing, unplugged (even mid-job), busy or forbidden makes the job wait as `printer_offline`
/// (``Core/TransportError/Code/unreachable``) with a message saying what to do; it resumes when the device is back.
public struct USBTransport: ZPLTransport {
    /// Timeouts of the USB transport: those of the ZPL driver.
    public typealias Configuration = ZPLDriverConfiguration

    public let driver: ZPLDriver<USBDevice>
    private let logger: Logger

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
        let device = USBDevice(
            address: address, backend: backend, configuration: configuration, level: level, logger: logger)
        self.driver = ZPLDriver(device: device, configuration: configuration, clock: clock, logger: logger)
        self.logger = logger
    }

    public var address: USBAddress { driver.device.address }
    public var configuration: Configuration { driver.configuration }

    /// ``Core/Confirmation/printed`` while the open device has bulk IN, ``Core/Confirmation/delivered`` without it.
    public var confirmation: Confirmation { driver.device.level.value }

    /// The device this transport has open.
    public var openDevice: USBDeviceInfo? {
        get async { await driver.openChannel?.device }
    }

    public func open() async throws {
        let channel = try await driver.open()
        logger.info("opened USB printer", metadata: ["usb.device": "\(channel.device.description)"])
    }

    /// Asks the open device; without one, only looks whether the device is attached (opening it would take the
    /// interface from whoever holds it).
    public func status() async throws -> PrinterStatus {
        if let status = try await driver.statusOfOpenChannel() { return status }
        let found: Result<USBDeviceInfo, TransportError>
        do { found = .success(try await driver.device.find()) } catch { found = .failure(error) }
        switch found {
        case .success(let device):
            return driver.stamped(PrinterStatus(state: .unknown, detail: "attached, not open: \(device.description)"))
        case .failure(let error) where error.code == .unreachable:
            return driver.stamped(.offline(error.message))
        case .failure(let error):
            throw error
        }
    }
}
