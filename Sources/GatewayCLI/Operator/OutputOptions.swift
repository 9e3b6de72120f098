import ArgumentParser
import Foundation

/// `--json`: the API's JSON as it answered, instead of text for people.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the API's JSON answer instead of text.") var json = false

    /// Writes `data` (the API's JSON) and a newline to standard output.
    func printJSON(_ data: Data) {
        FileHandle.standardOutput.write(data)
        if data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}

/// What the commands that follow a job to its end share: `--wait` for `print` and `reprint`, and `jobs watch`.
enum JobProgress {
    /// Follows job `id` to its end: a progress view, then the outcome on standard output; with `json`, only the
    /// ended job's JSON. Throws ``OperatorError/Code/unsuccessful`` unless every label printed.
    static func follow(_ id: String, api: GatewayAPI, output: OutputOptions) async throws(OperatorError) {
        var view = ProgressView()
        let ended = try await JobWatch(api: api, id: id).follow { job in
            if !output.json { view.show(job) }
        }
        view.finish()
        if output.json {
            output.printJSON(try await api.send(.GET, "/v1/jobs/\(GatewayAPI.escaped(ended.id))"))
        } else if ended.succeeded {
            print(ended.outcome)
        }
        guard ended.succeeded else { throw OperatorError(.unsuccessful, ended.outcome) }
    }
}
