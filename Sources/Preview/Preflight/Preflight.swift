/// Pure rules over a laid-out document: every field and symbol inside its label and the printer's printable width,
/// every bar code's quiet zone whole, every `^FB` text inside its block.
///
/// Run it on `ZPLRenderer.layout`, which draws no pixels: the check costs what the layout costs.
public enum Preflight {
    /// The issues of every label of `document`, in label and field order. `printableWidth` is the printer model's
    /// widest print in dots (nil: the label's width alone); a field is checked against the narrower of the two.
    public static func issues(in document: PreviewDocument, printableWidth: Int? = nil) -> [PreflightIssue] {
        document.labels.flatMap { issues(in: $0, printableWidth: printableWidth) }
    }

    /// The issues of one label.
    public static func issues(in label: RenderedLabel, printableWidth: Int? = nil) -> [PreflightIssue] {
        let right = min(label.width, printableWidth ?? label.width)
        let printerLimits = right < label.width
        var found: [PreflightIssue] = []
        for element in label.elements {
            func issue(_ problem: PreflightIssue.Problem, _ edge: PreflightIssue.Edge, _ dots: Int) {
                found.append(
                    PreflightIssue(
                        label: label.number, field: element.fieldName, command: element.command, problem: problem,
                        edge: edge, dots: dots, offset: element.offset))
            }
            let outside = overshoot(element.box, width: right, height: label.height)
            for (edge, dots) in outside {
                issue(edge == .right && printerLimits ? .outsidePrintableWidth : .outsideLabel, edge, dots)
            }
            if outside.isEmpty, let zone = element.quietZone {
                for (edge, dots) in overshoot(zone, width: right, height: label.height) {
                    issue(.quietZoneCut, edge, dots)
                }
            }
            if element.overflow > 0 { issue(.textOverflow, .bottom, element.overflow) }
        }
        return found
    }

    /// How far `box` reaches past each edge of a `width` × `height` area, for the edges it crosses.
    static func overshoot(_ box: DotRect, width: Int, height: Int) -> [(PreflightIssue.Edge, Int)] {
        var result: [(PreflightIssue.Edge, Int)] = []
        if box.x < 0 { result.append((.left, -box.x)) }
        if box.maxX > width { result.append((.right, box.maxX - width)) }
        if box.y < 0 { result.append((.top, -box.y)) }
        if box.maxY > height { result.append((.bottom, box.maxY - height)) }
        return result
    }
}
