import ArgumentParser
import Foundation
import Gateway

/// `gateway print`: submits a job over the API, as `lp` does for CUPS.
struct Print: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print ZPL files, or a template's labels, on a printer (over the API at GATEWAY_URL).",
        discussion: """
            Each ^XA…^XZ format in the files is one label. With --template, --data names a JSON file holding the \
            labels' fields: an array of objects, one a label (or one object for one label). "-" reads standard \
            input. With --wait, the job's progress is shown until it ends; the exit status is 0 when every label \
            printed, 2 when the job failed, was cancelled or has failed labels, 1 when the gateway refused.
            """)

    @Option(name: [.customShort("d"), .long], help: "The printer's name.") var printer: String
    @Argument(help: "ZPL files (\"-\" for standard input).") var files: [String] = []
    @Option(help: "A template to fill with the labels of --data.") var template: String?
    @Option(help: "The template's labels: a JSON file (\"-\" for standard input).") var data: String?
    @Option(name: [.customShort("n"), .long], help: "How many times to print each label.") var copies: Int?
    @Flag(help: "Queue the job held: nothing prints until `gateway jobs release`.") var hold = false
    @Option(help: "-10…10 (default 0): a printer takes its highest-priority job first.") var priority: Int?
    @Option(help: "An RFC 3339 time: a job not completed by then stops and ends cancelled.") var expiresAt: String?
    @Option(help: "A key that makes a second submit of the same job return the first.") var idempotencyKey: String?
    @Flag(help: "Show the job's progress until it ends; exit 2 unless every label printed.") var wait = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch (template, data, files.isEmpty) {
        case (nil, nil, false): break
        case (_?, _?, true): break
        case (nil, nil, true): throw ValidationError("give ZPL files, or --template with --data")
        case (_?, nil, _): throw ValidationError("--template needs --data, the file with the labels' fields")
        case (nil, _?, _): throw ValidationError("--data goes with --template")
        case (_?, _?, false): throw ValidationError("give ZPL files or --template, not both")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let body = try submission()
            let api = try await GatewayAPI.configured(for: .print)
            let (job, json) = try await api.call(JobSummary.self, .POST, "/v1/jobs", body: body)
            if wait {
                if !output.json { print("job \(job.id) submitted to \(job.printer): \(job.labelCount) labels") }
                try await JobProgress.follow(job.id, api: api, output: output)
            } else if output.json {
                output.printJSON(json)
            } else {
                print("job \(job.id) \(job.state) on \(job.printer): \(job.labelCount) labels")
            }
        }
    }

    /// The body of `POST /v1/jobs`.
    func submission() throws(OperatorError) -> [String: Any] {
        var body: [String: Any] = ["printer": printer]
        if let template, let data {
            body["template"] = template
            body["labels"] = try Self.labels(fromJSON: Self.read(data), file: data)
        } else {
            var labels: [String] = []
            for file in files {
                let found = ZPLDocument.labels(in: String(decoding: try Self.read(file), as: UTF8.self))
                guard !found.isEmpty else { throw OperatorError(.setup, "\(file) holds no ZPL label (^XA…^XZ)") }
                labels += found
            }
            body["zpl"] = labels
        }
        if let copies { body["copies"] = copies }
        if hold { body["hold"] = true }
        if let priority { body["priority"] = priority }
        if let expiresAt { body["expires_at"] = expiresAt }
        if let idempotencyKey { body["idempotency_key"] = idempotencyKey }
        return body
    }

    static func read(_ file: String) throws(OperatorError) -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do { return try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw OperatorError(.setup, "cannot read \(file): \(error.localizedDescription)", underlying: error)
        }
    }

    /// The labels of a `--data` file: an array of objects, or one object.
    static func labels(fromJSON data: Data, file: String) throws(OperatorError) -> [Any] {
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: data) } catch {
            throw OperatorError(.setup, "\(file) is not JSON: \(error.localizedDescription)", underlying: error)
        }
        if let object = value as? [String: Any] { return [object] }
        guard let array = value as? [Any], array.allSatisfy({ $0 is [String: Any] }) else {
            throw OperatorError(.setup, "\(file) must hold an array of label objects, or one object")
        }
        return array
    }
}
