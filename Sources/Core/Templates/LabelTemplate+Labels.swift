extension LabelTemplate {
    /// One label per object of field values, with the lot of its lot field. Labels are numbered 1…N, or `numbers`
    /// (a reprint's numbers in the original job); one bad label refuses them all, each problem named.
    public func labels(for data: [[String: JSONValue]], numbers: [Int]? = nil) throws(SubmissionError) -> [NewLabel] {
        var problems: [LabelProblem] = []
        var labels: [NewLabel] = []
        let lotField = fields.first { $0.kind == .lot }?.name
        for (index, values) in data.enumerated() {
            let number = numbers?[index] ?? index + 1
            switch TemplateRenderer.render(self, data: values) {
            case .success(let zpl):
                var lot: String?
                if let lotField, case .string(let text)? = values[lotField] { lot = text }
                labels.append(NewLabel(zpl: zpl, lot: lot, data: values))
            case .failure(let failure):
                problems += failure.items.map { LabelProblem(label: number, field: $0.field, message: $0.message) }
            }
        }
        guard problems.isEmpty else { throw .invalidLabels(problems) }
        return labels
    }
}
