/// A failure of the USB layer, with what a person should do about it. ``USBTransport`` turns it into a
/// ``Core/TransportError``: a missing, unplugged, busy or forbidden device makes the job wait (printer_offline);
/// a host without USB support is `unsupported`.
public struct USBError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case noUSBSupport, noSuchDevice, permissionDenied, interfaceBusy, disconnected, timeout, io
        }
        let base: Base
        /// This host has no USB support (libusb cannot start, no usbfs).
        public static let noUSBSupport = Code(base: .noUSBSupport)
        /// No attached device matches the URI.
        public static let noSuchDevice = Code(base: .noSuchDevice)
        /// The device exists but this user may not open it (LIBUSB_ERROR_ACCESS).
        public static let permissionDenied = Code(base: .permissionDenied)
        /// Another driver or process holds the printer interface (LIBUSB_ERROR_BUSY).
        public static let interfaceBusy = Code(base: .interfaceBusy)
        /// The device went away (LIBUSB_ERROR_NO_DEVICE): unplugged or switched off.
        public static let disconnected = Code(base: .disconnected)
        /// A bulk transfer did not finish in time (LIBUSB_ERROR_TIMEOUT).
        public static let timeout = Code(base: .timeout)
        /// Any other libusb error.
        public static let io = Code(base: .io)
        public var description: String { base.rawValue }
    }

    /// The udev rule that lets the `lp` group open Zebra printers.
    public static let udevRule =
        #"SUBSYSTEM=="usb", ATTR{idVendor}=="0a5f", MODE="0660", GROUP="lp""#

    public let code: Code
    public let message: String
    /// The libusb error code (`LIBUSB_ERROR_…`), when libusb gave one.
    public let libusbError: Int32?
    /// Bytes a bulk OUT transfer wrote before it failed.
    public let transferred: Int

    public init(_ code: Code, _ message: String, libusbError: Int32? = nil, transferred: Int = 0) {
        self.code = code
        self.message = message
        self.libusbError = libusbError
        self.transferred = transferred
    }

    public var description: String { "\(code): \(message)" }

    /// `error` itself when it is a ``USBError``, else an ``Code/io`` error describing it.
    public init(_ error: any Error) {
        if let error = error as? USBError {
            self = error
        } else {
            self.init(.io, "\(error)")
        }
    }

    public static func permissionDenied(_ device: String) -> USBError {
        USBError(
            .permissionDenied,
            "permission denied opening \(device): add a udev rule such as \(udevRule) "
                + "(e.g. in /etc/udev/rules.d/50-zebra.rules, then udevadm control --reload and replug) and run the "
                + "gateway in group lp")
    }
}
