/// A claimed printer interface: bulk OUT, and bulk IN when the device has it. Closing releases the interface.
public protocol USBPrinterHandle: Sendable {
    /// Whether the interface has a bulk IN endpoint (a back channel for `~HS` answers).
    var hasBulkIn: Bool { get }
    /// True when opening detached a kernel driver (`usblp`) from the interface.
    var detachedKernelDriver: Bool { get }

    /// One bulk OUT transfer; returns how many bytes went out, possibly fewer than given.
    /// A timeout with some bytes written throws ``USBError/Code/timeout`` with ``USBError/transferred`` set.
    func write(_ bytes: ArraySlice<UInt8>, timeout: Duration) async throws -> Int

    /// One bulk IN transfer of at most `maximumLength` bytes; empty when nothing came within `timeout`.
    func read(maximumLength: Int, timeout: Duration) async throws -> [UInt8]

    func close() async
}
