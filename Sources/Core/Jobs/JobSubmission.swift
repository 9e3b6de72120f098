import Foundation

/// A job as a client submits it: ready ZPL labels, or a template with one object of field values per label; every
/// label printed `copies` times. ``newJob(templates:printers:)`` applies the rules and returns what to queue.
public struct JobSubmission: Sendable, Hashable {
    public var printer: String
    public var template: String?
    /// Field values, one object per label, for a template job.
    public var labels: [[String: JSONValue]]?
    /// Ready labels, one `^XA…^XZ` format each.
    public var zpl: [String]?
    /// Prints of each label, 1 when nil. The copies after the first share its lot.
    public var copies: Int?
    public var idempotencyKey: String?
    /// ``JobLimits/defaultMaxAttempts`` when nil.
    public var maxAttempts: Int?
    /// The caller's own facts about the job (an Odoo record, a work order), kept with it and shown with it.
    public var metadata: JSONValue?
    /// −10…10, 0 when nil.
    public var priority: Int?
    /// True queues the job held.
    public var hold: Bool?
    /// An RFC 3339 time after now; the template's `expires_after` from now when nil.
    public var expiresAt: String?

    public init(
        printer: String, template: String? = nil, labels: [[String: JSONValue]]? = nil, zpl: [String]? = nil,
        copies: Int? = nil, idempotencyKey: String? = nil, maxAttempts: Int? = nil, metadata: JSONValue? = nil,
        priority: Int? = nil, hold: Bool? = nil, expiresAt: String? = nil
    ) {
        self.priority = priority
        self.hold = hold
        self.expiresAt = expiresAt
        self.metadata = metadata
        self.printer = printer
        self.template = template
        self.labels = labels
        self.zpl = zpl
        self.copies = copies
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = maxAttempts
    }

    /// What the labels are made from, once the submission says exactly one thing.
    private enum Content {
        case zpl([String])
        case template(name: String, data: [[String: JSONValue]])

        var count: Int {
            switch self {
            case .zpl(let zpl): zpl.count
            case .template(_, let data): data.count
            }
        }
    }

    /// The job to queue. The rules, in the order a client meets them: a printer named; copies, idempotency key and
    /// max attempts in range; either ZPL or a template with labels; at most ``JobLimits/maxLabels`` labels and at
    /// least one; every label valid (ZPL well formed, or the template loaded, fitting the printer's model, and every
    /// label's fields valid), every problem named at once.
    ///
    /// Throws ``SubmissionError``; errors of `printers` itself pass through.
    public func newJob(templates: TemplateLibrary, printers: some PrinterStore, now: Date = Date()) async throws
        -> NewJob
    {
        try await newJob(templates: templates, now: now) { try await printers.find(name: printer) }
    }

    /// ``newJob(templates:printers:now:)`` with the printer found by `findPrinter` (called at most once, and only
    /// once the rules that need no printer have passed).
    public func newJob(
        templates: TemplateLibrary, now: Date = Date(), findPrinter: () async throws -> PrinterRecord?
    ) async throws -> NewJob {
        let copies = copies ?? 1
        let maxAttempts = maxAttempts ?? JobLimits.defaultMaxAttempts
        let content = try checkedContent(copies: copies, maxAttempts: maxAttempts)
        let metadata = try JobMetadata.checked(metadata)
        let priority = try JobLimits.checkedPriority(priority ?? 0)
        var expiry = try JobLimits.checkedExpiry(expiresAt, now: now)
        let labels: [NewLabel]
        switch content {
        case .zpl(let zpl):
            let policy = try await findPrinter()?.printer.zplPolicy ?? .default
            labels = try Self.labels(zpl: zpl, policy: policy, copies: copies)
        case .template(let name, let data):
            let template = try templates.usable(named: name)
            guard let record = try await findPrinter() else { throw Self.unknownPrinter(printer) }
            if let misfit = template.misfit(for: record.model) {
                throw SubmissionError(.templateDoesNotFit, misfit, field: "template")
            }
            labels = try template.labels(for: data)
            if expiry == nil, let after = template.expiresAfter { expiry = now.addingTimeInterval(after.timeInterval) }
        }
        let copied = labels.flatMap { label in
            (0..<copies).map { copy in
                var label = label
                label.isExtraCopy = label.isExtraCopy || copy > 0
                return label
            }
        }
        return NewJob(
            printer: printer, template: template, labels: copied, idempotencyKey: idempotencyKey,
            maxAttempts: maxAttempts, metadata: metadata, priority: priority, hold: hold ?? false, expiresAt: expiry)
    }

    /// The rules that need nothing but the submission itself.
    private func checkedContent(copies: Int, maxAttempts: Int) throws(SubmissionError) -> Content {
        guard !printer.isEmpty else {
            throw SubmissionError(.invalidField, "printer must not be empty", field: "printer")
        }
        guard (1...JobLimits.maxCopies).contains(copies) else {
            throw SubmissionError(
                .invalidField, "copies must be between 1 and \(JobLimits.maxCopies)", field: "copies")
        }
        if let key = idempotencyKey, key.isEmpty || key.count > 200 {
            throw SubmissionError(
                .invalidField, "idempotency_key must have 1 to 200 characters", field: "idempotency_key")
        }
        guard (1...100).contains(maxAttempts) else {
            throw SubmissionError(.invalidField, "max_attempts must be between 1 and 100", field: "max_attempts")
        }
        let content: Content
        switch (zpl, template) {
        case (let zpl?, nil):
            content = .zpl(zpl)
        case (nil, let name?):
            guard let labels else {
                throw SubmissionError(
                    .invalidRequest, "a template job needs labels: one object of field values per label",
                    field: "labels")
            }
            content = .template(name: name, data: labels)
        case (.some, .some):
            throw SubmissionError(.invalidRequest, "give either zpl or template with labels, not both")
        case (nil, nil):
            throw SubmissionError(.invalidRequest, "give either zpl (ready labels) or template with labels")
        }
        let total = content.count * copies
        guard total <= JobLimits.maxLabels else {
            throw SubmissionError(
                .tooManyLabels,
                "a job may have at most \(JobLimits.maxLabels) labels (copies included); this one has \(total)",
                labelCount: total)
        }
        guard total > 0 else { throw SubmissionError(.noLabels, "the job has no labels") }
        return content
    }

    /// Ready labels, each checked to be one well-formed format holding only what `policy` allows. Under the
    /// `device` policy a label with `^PQ n` becomes n labels that print once each, so that each is counted.
    private static func labels(zpl: [String], policy: ZPLPolicy, copies: Int) throws(SubmissionError) -> [NewLabel] {
        var problems: [LabelProblem] = []
        var checked: [ZPLLabelCheck.Checked] = []
        for (index, zpl) in zpl.enumerated() {
            switch ZPLLabelCheck.check(zpl, policy: policy) {
            case .success(let label): checked.append(label)
            case .failure(let found):
                problems += found.items.map {
                    LabelProblem(
                        label: index + 1, field: "zpl", message: $0.message, command: $0.command, offset: $0.offset)
                }
            }
        }
        if problems.contains(where: { $0.command != nil }) { throw .commandsNotAllowed(problems, policy: policy) }
        guard problems.isEmpty else { throw .invalidLabels(problems) }
        let total = checked.reduce(0) { $0 + $1.copies } * copies
        guard total <= JobLimits.maxLabels else {
            throw SubmissionError(
                .tooManyLabels,
                "a job may have at most \(JobLimits.maxLabels) labels (^PQ quantities and copies included); this one has \(total)",
                labelCount: total)
        }
        return checked.flatMap { label in
            (0..<label.copies).map { copy in NewLabel(zpl: label.zpl, isExtraCopy: copy > 0) }
        }
    }

    /// The refusal of a job for a printer that does not exist (or no longer does, when the store finds it gone).
    public static func unknownPrinter(_ name: String) -> SubmissionError {
        SubmissionError(.unknownPrinter, "no printer named '\(name)'", field: "printer")
    }
}
