import ServiceLifecycle
import TransportSimulated

/// Keeps the simulator up until shutdown, then stops it.
struct SimulatorService: Service {
    let server: SimulatedPrinterServer

    func run() async throws {
        try? await gracefulShutdown()
        try await server.stop()
    }
}
