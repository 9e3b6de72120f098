import Core
import Preview

/// Pre-flight at the API's edge: lays out labels (no pixels) before anything is queued or answered and refuses those
/// whose content leaves the label, with `422 label_out_of_bounds`.
enum LabelPreflight {
    /// Issues listed in an answer at most; the message counts them all.
    static let maxListed = 100

    /// Template labels, one per object of field values (already checked), numbered from 1. Each is laid out from ZPL
    /// rendered with `^FX` field names, so each issue names its field.
    static func issues(template: LabelTemplate, data: [[String: JSONValue]], model: PrinterModel?) -> [PreflightIssue] {
        let renderer = ZPLRenderer(options: PreviewOptions(dpi: template.dpi))
        var found: [PreflightIssue] = []
        for (index, values) in data.enumerated() {
            guard case .success(let zpl) = TemplateRenderer.render(template, data: values, namingFields: true) else {
                continue
            }
            found += numbered(renderer.layout(Array(zpl.utf8)), as: index + 1, model: model)
        }
        return found
    }

    /// Ready labels, one format each, numbered from 1, at the printer model's dpi (300 without one).
    static func issues(zpl: [String], model: PrinterModel?) -> [PreflightIssue] {
        let renderer = ZPLRenderer(options: PreviewOptions(dpi: model?.dpi ?? 300))
        return zpl.enumerated().flatMap { index, label in
            numbered(renderer.layout(Array(label.utf8)), as: index + 1, model: model)
        }
    }

    private static func numbered(_ document: PreviewDocument, as number: Int, model: PrinterModel?) -> [PreflightIssue]
    {
        Preflight.issues(in: document, printableWidth: model?.maxPrintWidthDots).map { issue in
            var issue = issue
            issue.label = number
            return issue
        }
    }

    /// Throws the refusal when there are issues.
    static func refuse(_ issues: [PreflightIssue]) throws {
        guard let first = issues.first else { return }
        let more = issues.count > 1 ? " (and \(issues.count - 1) more)" : ""
        throw APIError.unprocessable(
            "label_out_of_bounds", first.message + more,
            details: ["labels": .array(issues.prefix(maxListed).map(\.json))])
    }
}

extension PreflightIssue {
    /// `{"label": 1, "field": "gtin", "command": "^BC", "problem": "outside_label", "edge": "right", "dots": 40,
    /// "offset": 212, "message": "…"}`; `field` is null when the ZPL names none.
    var json: JSONValue {
        .object([
            "label": .integer(label), "field": field.map(JSONValue.string) ?? .null, "command": .string(command),
            "problem": .string(problem.rawValue), "edge": .string(edge.rawValue), "dots": .integer(dots),
            "offset": .integer(offset), "message": .string(message),
        ])
    }
}
