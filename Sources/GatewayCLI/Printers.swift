import ArgumentParser
import Core
import Foundation
import Gateway
import Store

struct Printers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage printers.", subcommands: [List.self, Pause.self, Resume.self, Import.self, Discover.self])

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List printers this host can reach (CUPS queues, Zebra USB devices, ~HI on port 9100), with URIs."
        )

        @Option(name: .customLong("host"), help: "A host to ask ~HI on port 9100 (repeatable).") var hosts: [String] =
            []
        @Option(help: "An IPv4 subnet to probe on port 9100, e.g. 192.168.1.0/24 (at most a /22).") var subnet: String?

        func run() async throws {
            let settings = try GatewayConfiguration.reader()
            let networks = PrinterNetworks(try GatewayConfiguration(config: settings).limits.printerNetworks)
            let request: DiscoveryRequest
            do {
                request = try await networks.allowed(DiscoveryRequest(hosts: hosts, subnet: subnet), named: hosts)
            } catch {
                throw ConfigurationError(error.message)
            }
            let transports = try defaultTransports(clock: SystemClock(), config: settings)
            for report in await transports.discover(request) {
                let state = report.available ? "\(report.printers.count) found" : "unavailable"
                print("\(report.transport): \(state)\(report.note.map { " — \($0)" } ?? "")")
                for printer in report.printers {
                    print(
                        "  \(PrinterURI.masked(printer.uri))  \(printer.name)\(printer.detail.map { "  (\($0))" } ?? "")"
                    )
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update the printers of an env file such as printers.example.env.")

        @Argument(help: "The env file with PRINTER_<ID>_URI lines.") var file: String

        func run() async throws {
            let (settings, configuration, logger) = try loadConfiguration()
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let transports = try defaultTransports(clock: SystemClock(), config: settings)
            let printers = try PrinterEnvFile.printers(in: text, transports: transports)
            let networks = PrinterNetworks(configuration.limits.printerNetworks)
            for printer in printers {
                do { try await networks.check(uri: printer.uri, transports: transports) } catch {
                    throw ConfigurationError("\(file): printer \(printer.name): \(error.message)")
                }
            }
            let result = try await withDatabase(configuration, logger: logger) { client in
                try await Migrator(client: client, logger: logger).migrate()
                return try await PrinterRepository(client: client, logger: logger).upsert(printers)
            }
            for name in result.created { print("added \(name)") }
            for name in result.updated { print("updated \(name)") }
        }
    }
}
