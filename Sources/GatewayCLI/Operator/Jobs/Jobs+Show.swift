import ArgumentParser

extension Jobs {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")

        @Argument(help: "The job's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingErrors {
                let api = try await GatewayAPI.configured(for: .print)
                let (job, json) = try await api.get(JobSummary.self, "/v1/jobs/\(GatewayAPI.escaped(id))")
                if output.json { return output.printJSON(json) }
                let terminal = Terminal.standardOutput
                let fields: [(String, String?)] = [
                    ("id", job.id), ("printer", job.printer), ("template", job.template),
                    ("status", terminal.paint(job.state, JobSummary.style(job.state))), ("end reason", job.endReason),
                    ("labels", "\(job.printedCount) of \(job.labelCount) printed, \(job.failedCount) failed"),
                    ("confirmation", job.confirmation), ("priority", job.priority.map(String.init)),
                    ("attempts", job.maxAttempts.map { "\(job.attempts) of \($0)" } ?? "\(job.attempts)"),
                    ("last error", job.lastError), ("next attempt", job.nextAttemptAt),
                    ("reprint of", job.reprintOfJobId), ("idempotency key", job.idempotencyKey),
                    ("submitted by", job.submittedBy), ("expires at", job.expiresAt), ("created", job.createdAt),
                    ("updated", job.updatedAt), ("completed", job.completedAt),
                ]
                let shown = fields.compactMap { name, value in value.map { (name, $0) } }
                let width = shown.map(\.0.count).max() ?? 0
                for (name, value) in shown {
                    print(name + ":" + String(repeating: " ", count: width - name.count + 1) + value)
                }
            }
        }
    }
}
