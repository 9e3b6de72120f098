/// A job's labels as a bar: printed and failed widths out of ``width`` (drawn as SVG rectangles, since the page's
/// security policy allows no inline styles).
struct ProgressBar {
    static let width = 120
    let printedWidth: Int
    let failedWidth: Int
    let failedX: Int
    let text: String

    init(printed: Int, failed: Int, total: Int) {
        let total = max(total, 1)
        printedWidth = Self.width * min(printed, total) / total
        failedWidth = Self.width * min(failed, total) / total
        failedX = printedWidth
        text = failed > 0 ? "\(printed)/\(total) printed, \(failed) failed" : "\(printed)/\(total)"
    }
}
