import ArgumentParser
import Core
import Gateway
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API and the job engine (migrations first).")

    func run() async throws {
        let (settings, configuration, logger) = try loadConfiguration()
        try configuration.requireJWTSecret()
        let clock = SystemClock()
        let app = try buildApplication(
            configuration: configuration, logger: logger, clock: clock,
            transports: defaultTransports(clock: clock, config: settings))
        logger.info(
            "gateway starting",
            metadata: [
                "http.address": "\(configuration.httpHost):\(configuration.httpPort)",
                "http.scheme": "\(configuration.tls == nil ? "http" : "https")",
                "engine.owner": "\(configuration.engine.owner)", "engine.window": "\(configuration.engine.window)",
            ])
        try await app.runService()
    }
}
