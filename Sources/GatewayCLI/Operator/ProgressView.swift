/// A job's progress as it changes. On a terminal, one line redrawn in place: a bar, the labels printed, the state
/// and why it waits. Anywhere else, a plain line each time the state or the waiting reason changes, nothing redrawn.
struct ProgressView {
    static let barWidth = 24

    let terminal: Terminal
    private var shownState: String?
    private var drawn = false

    init(terminal: Terminal = .standardOutput) {
        self.terminal = terminal
    }

    mutating func show(_ job: JobSummary) {
        if terminal.isInteractive {
            terminal.write("\r\u{1B}[2K" + bar(job))
            drawn = true
        } else if job.state != shownState {
            terminal.write("job \(job.id) \(job.state): \(job.progress) labels printed\n")
        }
        shownState = job.state
    }

    /// Ends the bar's line, so what comes next starts on its own.
    mutating func finish() {
        if drawn { terminal.write("\n") }
        drawn = false
    }

    /// `line1 [██████████░░░░░░░░░░░░░░] 120/200  60%  printing`, cut to the terminal's width.
    func bar(_ job: JobSummary) -> String {
        let done = job.printedCount + job.failedCount
        let fraction = job.labelCount > 0 ? Double(done) / Double(job.labelCount) : 0
        let filled = min(Self.barWidth, Int((fraction * Double(Self.barWidth)).rounded(.down)))
        let percent = Int((fraction * 100).rounded(.down))
        let bar =
            String(repeating: "█", count: filled) + String(repeating: "░", count: Self.barWidth - filled)
        let text = "\(job.printer) [\(bar)] \(job.progress) \(percent)%  \(job.state)"
        let fitted = Table.fit(text, terminal.width - 1)
        guard terminal.usesColour, let style = JobSummary.style(job.state) else { return fitted }
        return terminal.paint(fitted, style)
    }
}
