import Core

/// A claimed printer interface as a ``Core/ByteChannel`` for the ZPL driver: bulk OUT, and bulk IN when the
/// device has it.
public struct USBChannel: ByteChannel {
    let handle: any USBPrinterHandle
    /// The device the interface belongs to.
    public let device: USBDeviceInfo

    public var canRead: Bool { handle.hasBulkIn }

    /// Bulk OUT transfers until every byte is out; short transfers are continued. Throws ``USBError``: `.timeout`
    /// with ``USBError/transferred`` the bytes written when the printer took nothing for `timeout`.
    public func write(_ bytes: [UInt8], timeout: Duration) async throws(USBError) {
        var offset = 0
        while offset < bytes.count {
            let written: Int
            do {
                written = try await handle.write(bytes[offset...], timeout: timeout)
            } catch {
                let error = USBError(error)
                guard error.code == .timeout else { throw error }
                guard error.transferred > 0 else {
                    throw USBError(.timeout, error.message, libusbError: error.libusbError, transferred: offset)
                }
                written = error.transferred
            }
            guard written > 0 else { throw USBError(.timeout, "bulk OUT took no data", transferred: offset) }
            offset += written
        }
    }

    /// One bulk IN transfer.
    public func read(timeout: Duration) async throws(USBError) -> [UInt8] {
        do {
            return try await handle.read(maximumLength: 4096, timeout: timeout)
        } catch {
            throw USBError(error)
        }
    }

    public func close() async {
        await handle.close()
    }
}
