import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the API listener's certificate on every SIGHUP, so that a renewed certificate needs no restart.
struct TLSReloadService: Service {
    let source: TLSContextSource
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            logger.info("SIGHUP: reading the TLS certificate again")
            try? source.reload()
        }
    }
}
