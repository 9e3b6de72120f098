/// One layout problem pre-flight found on a label: what reaches where it must not, and by how many dots.
public struct PreflightIssue: Sendable, Hashable {
    public enum Problem: String, Sendable, Hashable, Codable {
        /// The field's dots reach past an edge of the label (`%% size`, `^PW`, `^LL`).
        case outsideLabel = "outside_label"
        /// The field's dots reach past the printer model's printable width (inside the label as declared).
        case outsidePrintableWidth = "outside_printable_width"
        /// A bar code is inside, but its quiet zone is cut by an edge: scanners may not read it.
        case quietZoneCut = "quiet_zone_cut"
        /// Text has more lines than its `^FB` block holds; the lines past it are not printed.
        case textOverflow = "text_overflow"
    }

    public enum Edge: String, Sendable, Hashable, Codable {
        case left, right, top, bottom
    }

    /// The label it is on, from 1.
    public var label: Int
    /// The template field (or symbol placeholder) it came from, when the ZPL names it.
    public var field: String?
    /// The command that drew it: `^BC`, `^A`, `^GB`.
    public var command: String
    public var problem: Problem
    /// The edge crossed; the bottom of the `^FB` block for text overflow.
    public var edge: Edge
    /// How far past the edge, in dots (for overflow: dots of text that do not fit).
    public var dots: Int
    /// Byte offset of the field's first command in the label's ZPL.
    public var offset: Int

    public init(
        label: Int, field: String?, command: String, problem: Problem, edge: Edge, dots: Int, offset: Int
    ) {
        self.label = label
        self.field = field
        self.command = command
        self.problem = problem
        self.edge = edge
        self.dots = dots
        self.offset = offset
    }

    /// For people: "label 1: field gtin (^BC) reaches 40 dots past the right edge of the label".
    public var message: String {
        let what = field.map { "field \($0) (\(command))" } ?? "\(command) at byte \(offset)"
        switch problem {
        case .outsideLabel: return "label \(label): \(what) reaches \(dots) dots past the \(edge) edge of the label"
        case .outsidePrintableWidth:
            return "label \(label): \(what) reaches \(dots) dots past the printer's printable width"
        case .quietZoneCut:
            return "label \(label): \(what) has its quiet zone cut by \(dots) dots at the \(edge) edge"
        case .textOverflow:
            return "label \(label): \(what) overflows its ^FB block by \(dots) dots"
        }
    }
}
