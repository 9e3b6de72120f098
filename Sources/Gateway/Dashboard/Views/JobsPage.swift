/// `/jobs`: filters, search, one page of jobs and the links to the pages around it.
struct JobsPage {
    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    let chrome: Chrome
    let statuses: [Option]
    let printers: [Option]
    let sites: [Option]
    let search: String
    let from: String
    let to: String
    let jobs: [JobRowView]
    let hasJobs: Bool
    let olderHref: String?
    let newerHref: String?
    let newestHref: String?
    let filtered: Bool
}
