import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What standard output is: a terminal gets bars redrawn in place and colours (unless `NO_COLOR` is set or `TERM`
/// is `dumb`); anything else (a pipe, a file) gets plain lines.
struct Terminal: Sendable {
    /// The width tables and bars fit when the terminal's own is not known, and always when output is not a terminal.
    static let defaultWidth = 80

    let isInteractive: Bool
    let usesColour: Bool
    let width: Int

    static let standardOutput: Terminal = {
        let interactive = isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        let colour = interactive && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        return Terminal(isInteractive: interactive, usesColour: colour, width: interactive ? columns() : defaultWidth)
    }()

    /// The terminal's columns, or ``defaultWidth`` when it does not say (a pseudo-terminal with no size).
    private static func columns() -> Int {
        var size = winsize()
        #if canImport(Glibc)
            let asked = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size)
        #else
            let asked = ioctl(STDOUT_FILENO, TIOCGWINSZ, &size)
        #endif
        return asked == 0 && size.ws_col >= 40 ? Int(size.ws_col) : defaultWidth
    }

    /// Colours for a state: SGR codes, written only when ``usesColour``.
    enum Style: String, Sendable {
        case good = "32"
        case warning = "33"
        case bad = "31"
        case dim = "2"
    }

    func paint(_ text: String, _ style: Style?) -> String {
        guard usesColour, let style else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
