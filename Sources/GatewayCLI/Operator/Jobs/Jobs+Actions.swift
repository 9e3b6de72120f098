import ArgumentParser

extension Jobs {
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a job: labels not yet sent are not printed.")

        @Argument(help: "The job's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await APIAction<JobSummary>.job(id, "cancel", scope: .print, output: output).run { job in
                "job \(job.id) \(job.status): \(job.printedCount) of \(job.labelCount) labels printed"
            }
        }
    }

    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hold a job: labels already sent finish, nothing more is sent until it is released.")

        @Argument(help: "The job's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await APIAction<JobSummary>.job(id, "hold", scope: .operate, output: output).run { job in
                "job \(job.id) held: \(job.state), \(job.printedCount) of \(job.labelCount) labels printed"
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a held job.")

        @Argument(help: "The job's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await APIAction<JobSummary>.job(id, "release", scope: .operate, output: output).run { job in
                "job \(job.id) released: \(job.state)"
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the labels of a job not yet confirmed to another printer, in order (as lpmove does).")

        @Argument(help: "The job's id.") var id: String
        @Argument(help: "The printer to move it to.") var printer: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await APIAction<JobSummary>.job(id, "move", body: ["printer": printer], scope: .operate, output: output)
                .run { job in
                    let left = job.labelCount - job.printedCount - job.failedCount
                    if let target = job.movingTo {
                        return "job \(job.id) moving to \(target): \(left) labels to go, once \(job.printer) has "
                            + "confirmed the labels it holds"
                    }
                    return "job \(job.id) moved to \(job.printer): \(left) labels to go"
                }
        }
    }
}
