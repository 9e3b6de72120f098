import ArgumentParser
import Core
import Foundation
import Gateway
import Logging
import ServiceLifecycle
import Store
import TransportRaw9100
import TransportSimulated

/// Keeps the simulator up until shutdown, then stops it.
struct SimulatorService: Service {
    let server: SimulatedPrinterServer

    func run() async throws {
        try? await gracefulShutdown()
        try await server.stop()
    }
}
