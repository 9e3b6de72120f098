import ArgumentParser
import Core
import Foundation
import Gateway
import Logging
import ServiceLifecycle
import Store
import TransportRaw9100
import TransportSimulated

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

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API and the job engine (migrations first).")

    func run() async throws {
        let (configuration, logger) = try loadConfiguration()
        try configuration.requireJWTSecret()
        let clock = SystemClock()
        let app = try buildApplication(
            configuration: configuration, logger: logger, clock: clock, transports: defaultTransports(clock: clock))
        logger.info(
            "gateway starting",
            metadata: [
                "http.address": "\(configuration.httpHost):\(configuration.httpPort)",
                "engine.owner": "\(configuration.engine.owner)", "engine.window": "\(configuration.engine.window)",
            ])
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    func run() async throws {
        let (configuration, logger) = try loadConfiguration()
        let applied = try await withDatabase(configuration, logger: logger) { client in
            try await Migrator(client: client, logger: logger).migrate()
        }
        print(
            applied.isEmpty
                ? "database is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a JWT signed with GATEWAY_JWT_SECRET.")

    /// What `--ttl 0` gives: every token needs an expiry, so "none" is ten years.
    static let longestTTL = 10 * 365 * 86_400

    @Option(help: "The token's subject (who uses it).") var subject = "gateway-client"
    @Option(help: "Seconds until it expires; 0 for ten years (every token expires).") var ttl = 86_400

    func validate() throws {
        guard ttl >= 0 else { throw ValidationError("--ttl must be 0 or more seconds") }
    }

    func run() async throws {
        let (configuration, _) = try loadConfiguration()
        try configuration.requireJWTSecret()
        var seconds = ttl
        if seconds == 0 {
            seconds = Self.longestTTL
            let warning = """
                warning: every token needs an expiry; this one expires in ten years. Rotate the secret \
                (GATEWAY_JWT_SECRET_PREVIOUS) to withdraw it sooner.

                """
            FileHandle.standardError.write(Data(warning.utf8))
        }
        let now = Date()
        let claims = GatewayClaims(
            subject: subject, issuedAt: now, expiresAt: now.addingTimeInterval(TimeInterval(seconds)))
        print(try await GatewayTokens(secret: configuration.jwtSecret).sign(claims))
    }
}

struct Printers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage printers.", subcommands: [Import.self, Discover.self])

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List printers this host can reach (CUPS queues, Zebra USB devices, ~HI on port 9100), with URIs."
        )

        @Option(name: .customLong("host"), help: "A host to ask ~HI on port 9100 (repeatable).") var hosts: [String] =
            []
        @Option(help: "An IPv4 subnet to probe on port 9100, e.g. 192.168.1.0/24 (at most a /22).") var subnet: String?

        func run() async throws {
            let request: DiscoveryRequest
            do { request = try DiscoveryRequest(hosts: hosts, subnet: subnet) } catch {
                throw ConfigurationError(error.message)
            }
            for report in await defaultTransports(clock: SystemClock()).discover(request) {
                let state = report.available ? "\(report.printers.count) found" : "unavailable"
                print("\(report.transport): \(state)\(report.note.map { " — \($0)" } ?? "")")
                for printer in report.printers {
                    print("  \(printer.uri)  \(printer.name)\(printer.detail.map { "  (\($0))" } ?? "")")
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update the printers of an env file such as printers.example.env.")

        @Argument(help: "The env file with PRINTER_<ID>_URI lines.") var file: String

        func run() async throws {
            let (configuration, logger) = try loadConfiguration()
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let printers = try PrinterEnvFile.printers(in: text, transports: defaultTransports(clock: SystemClock()))
            let result = try await withDatabase(configuration, logger: logger) { client in
                try await Migrator(client: client, logger: logger).migrate()
                return try await PrinterRepository(client: client, logger: logger).upsert(printers)
            }
            for name in result.created { print("added \(name)") }
            for name in result.updated { print("updated \(name)") }
        }
    }
}

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a simulated Zebra Z230 (300 dpi) on TCP, for raw 9100 and CUPS tests.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 9100
    @Option(help: "Printer name in records.") var name = "simulated"
    @Option(help: "Labels on the roll.") var media = 100_000
    @Option(name: .customLong("speed-ips"), help: "Print speed in inches per second.") var speedIPS: Double = 6
    @Option(name: .customLong("label-dots"), help: "Label length in dots when a format has no ^LL.") var labelDots =
        1_200
    @Option(help: "A fault to play, e.g. paper_out@57, head_open@10, reset@5000, silent, refuse=10 (repeatable).")
    var fault: [String] = []
    @Option(help: "Append every printed label as a JSON line to this file.") var record: String?

    func run() async throws {
        let (_, logger) = try loadConfiguration()
        var query = ["media=\(media)", "speed_ips=\(speedIPS)", "label_dots=\(labelDots)"]
        query += fault.map { "fault=\($0)" }
        var configuration = try SimulatedPrinter.Configuration(
            uri: PrinterURI("sim://\(name)?\(query.joined(separator: "&"))"))
        configuration.recordPath = record
        let printer = SimulatedPrinter(configuration: configuration, clock: SystemClock())
        let server = try await SimulatedPrinterServer.start(printer: printer, host: host, port: port, logger: logger)
        // Written straight to the descriptor: scripts and tests wait for this line on a pipe.
        FileHandle.standardOutput.write(Data("simulated Z230 '\(name)' listening on \(host):\(server.port)\n".utf8))
        try await ServiceGroup(
            services: [SimulatorService(server: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ).run()
    }
}

/// Keeps the simulator up until shutdown, then stops it.
struct SimulatorService: Service {
    let server: SimulatedPrinterServer

    func run() async throws {
        try? await gracefulShutdown()
        try await server.stop()
    }
}
