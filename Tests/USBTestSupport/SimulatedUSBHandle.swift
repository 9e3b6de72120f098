import TransportSimulated
import TransportUSB

/// A claimed interface of a simulated device.
struct SimulatedUSBHandle: USBPrinterHandle {
    let backend: SimulatedUSBBackend
    let index: Int
    let generation: Int
    let connection: SimulatedPrinter.ConnectionID
    let hasBulkIn: Bool
    let detachedKernelDriver: Bool

    func write(_ bytes: ArraySlice<UInt8>, timeout: Duration) async throws -> Int {
        try await backend.write(bytes, index: index, generation: generation, connection: connection)
    }

    func read(maximumLength: Int, timeout: Duration) async throws -> [UInt8] {
        try await backend.read(maximumLength: maximumLength, index: index, generation: generation)
    }

    func close() async {
        await backend.close(index: index, connection: connection)
    }
}
