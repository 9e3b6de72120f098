import ArgumentParser

extension Jobs {
    struct Reprint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print labels of a job again, as a new job: the ones named, or the failed ones.")

        @Argument(help: "The job's id.") var id: String
        @Option(help: "Label numbers, e.g. 47,48 or 3-5 (default: all of them).") var labels: String?
        @Flag(help: "The labels that failed.") var failed = false
        @Option(help: "Another printer to print them on.") var printer: String?
        @Flag(help: "Show the new job's progress until it ends; exit 2 unless every label printed.") var wait = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if failed, labels != nil { throw ValidationError("give --labels or --failed, not both") }
            if let labels, Self.numbers(labels) == nil {
                throw ValidationError("--labels takes numbers and ranges such as 47,48 or 3-5")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let api = try await GatewayAPI.configured(for: .print)
                var body: [String: Any] = [:]
                if failed { body["failed"] = true }
                if let labels, let numbers = Self.numbers(labels) { body["labels"] = numbers }
                if let printer { body["printer"] = printer }
                if body["labels"] == nil, !failed {
                    let original = try await api.get(JobSummary.self, "/v1/jobs/\(GatewayAPI.escaped(id))").value
                    body["labels"] = Array(1...max(1, original.labelCount))
                }
                let path = "/v1/jobs/\(GatewayAPI.escaped(id))/reprint"
                let (job, json) = try await api.call(JobSummary.self, .POST, path, body: body)
                if wait {
                    if !output.json { print("job \(job.id) reprints \(job.labelCount) labels of job \(id)") }
                    try await JobProgress.follow(job.id, api: api, output: output)
                } else if output.json {
                    output.printJSON(json)
                } else {
                    print(
                        "job \(job.id) \(job.state) on \(job.printer): reprints \(job.labelCount) labels of job \(id)")
                }
            }
        }

        /// `47,48,3-5` as `[47, 48, 3, 4, 5]`; nil when it is not such a list.
        static func numbers(_ text: String) -> [Int]? {
            var numbers: [Int] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                switch bounds.count {
                case 1:
                    guard let number = bounds[0] else { return nil }
                    numbers.append(number)
                case 2:
                    guard let low = bounds[0], let high = bounds[1], low <= high, high - low < 1_000 else { return nil }
                    numbers += Array(low...high)
                default: return nil
                }
            }
            return numbers
        }
    }
}
