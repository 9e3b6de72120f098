import ArgumentParser
import Core
import Gateway
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API and the job engine (migrations first).")

    func run() async throws {
        let (settings, configuration, logger) = try loadConfiguration()
        try configuration.requireJWTSecret()
        let openFiles = OpenFileLimit.raise()
        // Besides the API's connections and the database's: printers, template files, the dashboard, logs.
        let otherFiles = 64
        if let openFiles,
            configuration.limits.maxConnections + configuration.databaseConnections + otherFiles > openFiles
        {
            logger.warning(
                "the open file limit is below the connection caps; connections past it wait until others close",
                metadata: [
                    "limit.open_files": "\(openFiles)",
                    "gateway.http.connections": "\(configuration.limits.maxConnections)",
                ])
        }
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
                "limit.open_files": "\(openFiles.map(String.init) ?? "unknown")",
            ])
        try await app.runService()
    }
}
