import ArgumentParser
import Core
import Foundation
import Logging
import ServiceLifecycle
import TransportSimulated

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
        let (_, _, logger) = try loadConfiguration()
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
