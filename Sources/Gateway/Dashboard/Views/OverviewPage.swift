/// `/`: every printer as a tile, the jobs that need a person, and the health line.
struct OverviewPage {
    let chrome: Chrome
    let printers: [PrinterView]
    let hasPrinters: Bool
    let waitingJobs: [JobRowView]
    let hasWaiting: Bool
    let troubledJobs: [JobRowView]
    let hasTroubled: Bool
    let health: HealthLine
}

/// One line saying whether all is well: database, gateways, queue.
struct HealthLine {
    let ok: Bool
    let text: String
}
