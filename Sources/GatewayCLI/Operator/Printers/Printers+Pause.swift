import ArgumentParser

extension Printers {
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pause a printer: the label in progress finishes, nothing more is sent (as cupsdisable does).")

        @Argument(help: "The printer's name.") var name: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await PrinterAction(name: name, action: "pause", output: output).run { printer in
                "printer \(printer.name) paused: its jobs wait until `gateway printers resume \(printer.name)`"
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused printer (as cupsenable does).")

        @Argument(help: "The printer's name.") var name: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await PrinterAction(name: name, action: "resume", output: output).run { printer in
                "printer \(printer.name) resumed: \(printer.state)"
            }
        }
    }
}

/// `POST /v1/printers/{name}/ACTION`: the printer it answers, in a sentence or as the API's JSON.
struct PrinterAction {
    let name: String
    let action: String
    let output: OutputOptions

    func run(said: (PrinterSummary) -> String) async throws {
        try await reportingErrors {
            let api = try await GatewayAPI.configured(for: .operate)
            let path = "/v1/printers/\(GatewayAPI.escaped(name))/\(action)"
            let (printer, json) = try await api.call(PrinterSummary.self, .POST, path)
            if output.json { output.printJSON(json) } else { print(said(printer)) }
        }
    }
}
