/// A new job that prints labels of an earlier one again: from their stored ZPL, rendered again from the kept field
/// values where the ZPL was pruned, with the original's lots.
public struct JobReprint: Sendable, Hashable {
    /// Label numbers of the original job, in the order to print them.
    public var labels: [Int]?
    /// True for every label of the original job that failed (instead of `labels`).
    public var failed: Bool?
    /// Another printer to print on; the original's when nil.
    public var printer: String?
    /// ``JobLimits/reprintPriority`` when nil.
    public var priority: Int?

    public init(labels: [Int]? = nil, failed: Bool? = nil, printer: String? = nil, priority: Int? = nil) {
        self.priority = priority
        self.labels = labels
        self.failed = failed
        self.printer = printer
    }

    /// The job to queue. Throws ``SubmissionError``; errors of `jobs` itself pass through.
    public func newJob(of original: Job, jobs: some JobStore, templates: TemplateLibrary) async throws -> NewJob {
        let priority = try JobLimits.checkedPriority(priority ?? JobLimits.reprintPriority)
        let numbers = try numbers(in: original)
        let stored = try await jobs.storedLabels(jobID: original.id, numbers: numbers)
        guard !stored.isEmpty else { throw SubmissionError(.noLabels, "the original job has no such labels") }
        var labels: [NewLabel] = []
        for label in stored {
            if let zpl = label.zpl {
                labels.append(NewLabel(zpl: zpl, lot: label.lot, data: label.data, reprintOfNumber: label.number))
                continue
            }
            guard let name = original.template, let data = label.data else {
                throw SubmissionError(
                    .cannotRerender,
                    "label \(label.number)'s ZPL was pruned and the job has no template data to render it again")
            }
            let template = try Self.template(named: name, in: templates)
            var rendered = try template.labels(for: [data], numbers: [label.number])[0]
            rendered.reprintOfNumber = label.number
            labels.append(rendered)
        }
        return NewJob(
            printer: printer ?? original.printer, template: original.template, labels: labels,
            maxAttempts: original.maxAttempts, reprintOfJobID: original.id, metadata: original.metadata,
            priority: priority)
    }

    /// The original's template, to render pruned labels again: one gone from the library is a conflict with the
    /// gateway's state, not a mistake in the request.
    private static func template(named name: String, in templates: TemplateLibrary) throws(SubmissionError)
        -> LabelTemplate
    {
        do throws(SubmissionError) {
            return try templates.usable(named: name)
        } catch {
            guard error.code == .unknownTemplate else { throw error }
            throw SubmissionError(.templateGone, error.message, field: error.field)
        }
    }

    /// The numbers asked for, each in the original job, or nil for its failed labels.
    private func numbers(in original: Job) throws(SubmissionError) -> [Int]? {
        switch (labels, failed) {
        case (let labels?, nil), (let labels?, false?):
            guard !labels.isEmpty else { throw SubmissionError(.noLabels, "labels is empty") }
            if let bad = labels.first(where: { !(1...original.labelCount).contains($0) }) {
                throw SubmissionError(
                    .invalidField, "label \(bad) is not in 1…\(original.labelCount)", field: "labels")
            }
            guard labels.count <= JobLimits.maxLabels else {
                throw SubmissionError(.tooManyLabels, "a job may have at most \(JobLimits.maxLabels) labels")
            }
            return labels
        case (nil, true?):
            return nil
        default:
            throw SubmissionError(.invalidRequest, "give labels (numbers) or failed: true")
        }
    }
}
