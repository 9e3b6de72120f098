import ArgumentParser

extension Jobs {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a job live until it ends: a progress bar and why it waits.",
            discussion: "Exit status: 0 when every label printed, 2 when it failed, was cancelled or has failed labels."
        )

        @Argument(help: "The job's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingErrors {
                try await JobProgress.follow(id, api: try await GatewayAPI.configured(for: .print), output: output)
            }
        }
    }
}
