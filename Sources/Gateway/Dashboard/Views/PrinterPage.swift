/// `/printers` and `/printers/{name}`.
struct PrintersPage {
    let chrome: Chrome
    let printers: [PrinterView]
    let hasPrinters: Bool
}

struct PrinterPage {
    let chrome: Chrome
    let printer: PrinterView
    let queue: [JobRowView]
    let hasQueue: Bool
    let queueTruncated: Bool
    let recent: [JobRowView]
    let jobsHref: String
}
