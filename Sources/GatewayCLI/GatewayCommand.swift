import ArgumentParser
import Foundation
import Gateway
import Logging
import Store

@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Print gateway: label jobs over HTTP, kept in PostgreSQL, printed on Zebra printers.",
        subcommands: [Serve.self, Migrate.self, Token.self, Printers.self, Simulate.self])

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

/// Loads configuration and a logger the same way for every command.
func loadConfiguration() throws -> (GatewayConfiguration, Logger) {
    let configuration = try GatewayConfiguration.load()
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = configuration.logLevel
        return handler
    }
    var logger = Logger(label: "gateway")
    logger.logLevel = configuration.logLevel
    return (configuration, logger)
}
