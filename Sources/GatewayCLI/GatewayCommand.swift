import ArgumentParser
import Configuration
import Foundation
import Gateway
import Logging
import Store

@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Print gateway: label jobs over HTTP, kept in PostgreSQL, printed on Zebra printers.",
        subcommands: [
            Serve.self, Migrate.self, Token.self, Printers.self, Simulate.self, Health.self, Print.self, Jobs.self,
            PreviewCommand.self,
        ])

    /// Runs the command; an error is printed as a sentence for people and the exit status is 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            if String(describing: type(of: error)).hasPrefix("PSQL") || error is StoreError
                || String(describing: type(of: error)).hasPrefix("Postgres")
            {
                FileHandle.standardError.write(Data("error: \(describe(error))\n".utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}

/// Reads the settings (the environment over `./.env`) and the gateway's configuration from them, and sets up logging
/// at its level: the same way for every command. The settings serve the transports too (`defaultTransports`).
func loadConfiguration() throws -> (settings: ConfigReader, configuration: GatewayConfiguration, logger: Logger) {
    let settings = try GatewayConfiguration.reader()
    let configuration = try GatewayConfiguration(config: settings)
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = configuration.logLevel
        return handler
    }
    var logger = Logger(label: "gateway")
    logger.logLevel = configuration.logLevel
    logger.debug("configuration read", metadata: ["configuration": "\(configuration)"])
    return (settings, configuration, logger)
}
