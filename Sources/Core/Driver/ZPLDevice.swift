/// One printer as a transport offers it to the ``ZPLDriver``: a way to open a ``ByteChannel`` to it, and the
/// transport's own words for what goes wrong (a TCP reset and an unplugged USB cable call for different advice).
public protocol ZPLDevice: Sendable {
    associatedtype Channel: ByteChannel

    /// The printer in messages: `10.0.0.50:9100`, `USB printer 0a5f:0120 serial 52J123`.
    var name: String { get }

    /// Opens a channel to the printer. Throws `.unreachable` when it cannot be reached, so that the job waits.
    func connect() async throws(TransportError) -> Channel

    /// The transport's error for a failure of its channel while the driver was doing `activity`.
    func failure(_ failure: Channel.Failure, while activity: ZPLActivity) -> TransportError

    /// The status reported while the open channel cannot carry answers (``ByteChannel/canRead`` is false).
    var statusWithoutBackChannel: PrinterStatus { get }
}

extension ZPLDevice {
    public var statusWithoutBackChannel: PrinterStatus {
        PrinterStatus(
            state: .unknown, detail: "\(name) cannot answer ~HS; labels count as delivered once written")
    }
}
