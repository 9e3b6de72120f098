import ArgumentParser

/// `gateway jobs`: the queue over the API, as `lpstat`, `cancel`, `lp -i` and `lpmove` are for CUPS.
struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, watch and act on print jobs (over the API at GATEWAY_URL).",
        subcommands: [List.self, Show.self, Watch.self, Cancel.self, Hold.self, Release.self, Move.self, Reprint.self])
}
