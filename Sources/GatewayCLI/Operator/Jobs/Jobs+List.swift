import ArgumentParser
import Foundation

extension Jobs {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")

        @Option(help: "Only jobs in this status: queued, printing, completed, failed or cancelled.") var status: String?
        @Option(help: "Only the jobs of this printer.") var printer: String?
        @Option(help: "How many (1…500).") var limit = 50
        @Option(help: "Where the previous list stopped (its next cursor).") var cursor: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingErrors {
                let api = try await GatewayAPI.configured(for: .print)
                var query = [("limit", "\(limit)")]
                if let status { query.append(("status", status)) }
                if let printer { query.append(("printer", printer)) }
                if let cursor { query.append(("cursor", cursor)) }
                let (page, json) = try await api.get(ListPage<JobSummary>.self, "/v1/jobs", query: query)
                if output.json { return output.printJSON(json) }
                let terminal = Terminal.standardOutput
                var table = Table(columns: [
                    .init(title: "ID", shrinks: false), .init(title: "PRINTER"),
                    .init(title: "STATUS", style: JobSummary.style), .init(title: "LABELS"),
                    .init(title: "TEMPLATE"), .init(title: "AGE", shrinks: false),
                ])
                table.rows = page.items.map { job in
                    [job.id, job.printer, job.state, job.progress, job.template ?? "-", Timestamp.age(job.createdAt)]
                }
                if page.items.isEmpty {
                    print("no jobs")
                } else {
                    table.lines(width: terminal.width, terminal: terminal).forEach { print($0) }
                }
                if let next = page.nextCursor {
                    FileHandle.standardError.write(Data("more: gateway jobs list --cursor \(next)\n".utf8))
                }
            }
        }
    }
}
