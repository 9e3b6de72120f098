/// A byte pipe to one printer: all a transport gives the ``ZPLDriver``, as PAPPL's devices give LPrint's ZPL
/// driver. TCP to port 9100 and USB bulk OUT/IN are channels; what the bytes mean is the driver's business.
public protocol ByteChannel: Sendable {
    /// The channel's own errors; its ``ZPLDevice`` puts them into words (``ZPLDevice/failure(_:while:)``).
    associatedtype Failure: Error

    /// False when the printer cannot answer on this channel (a USB printer without bulk IN): the driver then asks
    /// nothing, and a label counts once its bytes are written.
    var canRead: Bool { get }

    /// Writes all of `bytes`, failing when the printer does not take them within `timeout`.
    func write(_ bytes: [UInt8], timeout: Duration) async throws(Failure)

    /// What the printer has sent since the last read, waiting at most `timeout` for the first byte; empty when
    /// nothing came in that time.
    func read(timeout: Duration) async throws(Failure) -> [UInt8]

    /// Drops what the printer sent and no one read (a late answer to a question that timed out), without waiting
    /// for more than the channel must.
    func discardReceived() async

    /// Closes the channel; closing a closed channel does nothing.
    func close() async
}
