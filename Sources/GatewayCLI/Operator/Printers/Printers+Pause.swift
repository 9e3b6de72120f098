import ArgumentParser

extension Printers {
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pause a printer: the label in progress finishes, nothing more is sent (as cupsdisable does).")

        @Argument(help: "The printer's name.") var name: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await APIAction<PrinterSummary>.printer(name, "pause", output: output).run { printer in
                "printer \(printer.name) paused: its jobs wait until `gateway printers resume \(printer.name)`"
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused printer (as cupsenable does).")

        @Argument(help: "The printer's name.") var name: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await APIAction<PrinterSummary>.printer(name, "resume", output: output).run { printer in
                "printer \(printer.name) resumed: \(printer.state)"
            }
        }
    }
}
