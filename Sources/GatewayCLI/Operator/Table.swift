/// Rows in columns that fit a width: the columns that may shrink lose characters, widest first, and a cut cell ends
/// with an ellipsis. Columns that must stay whole (a job's id, which other commands take) never shrink.
struct Table {
    struct Column {
        let title: String
        var shrinks = true
        /// The style of a cell, by its text (a status in colour).
        var style: (String) -> Terminal.Style? = { _ in nil }
    }

    static let gap = 2
    /// A shrinking column keeps at least this many characters (or its title's, when shorter).
    static let narrowest = 4

    let columns: [Column]
    var rows: [[String]] = []

    /// The table as lines, a title line first; every line is at most `width` characters when the whole columns
    /// leave room.
    func lines(width: Int, terminal: Terminal) -> [String] {
        var widths = columns.indices.map { index in
            rows.map { $0[index].count }.reduce(columns[index].title.count, max)
        }
        let minimum = columns.map { min($0.title.count, Self.narrowest) }
        var total = widths.reduce(0, +) + Self.gap * (columns.count - 1)
        while total > width {
            let candidates = columns.indices.filter { columns[$0].shrinks && widths[$0] > max(minimum[$0], 1) }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
            total -= 1
        }
        let title = line(columns.map(\.title), widths: widths, terminal: nil)
        return [title] + rows.map { line($0, widths: widths, terminal: terminal) }
    }

    private func line(_ cells: [String], widths: [Int], terminal: Terminal?) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            let fitted = Self.fit(cell, widths[index])
            let last = index == cells.count - 1
            let padded = last ? fitted : fitted + String(repeating: " ", count: widths[index] - fitted.count)
            text += terminal?.paint(padded, columns[index].style(cell)) ?? padded
            if !last { text += String(repeating: " ", count: Self.gap) }
        }
        return text.hasSuffix(" ") ? String(text.reversed().drop { $0 == " " }.reversed()) : text
    }

    /// `text` cut to `width` characters, the last one an ellipsis when it was cut.
    static func fit(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return text.prefix(width - 1) + "…"
    }
}
