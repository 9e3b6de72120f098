/// Why a submitted job, reprint or lot request is refused before anything is queued. The HTTP edge answers each
/// code with its status and the `code` string the API documents.
public struct SubmissionError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case invalidField = "invalid_field"
            case invalidRequest = "invalid_request"
            case tooManyLabels = "too_many_labels"
            case noLabels = "no_labels"
            case invalidLabels = "invalid_labels"
            case unknownTemplate = "unknown_template"
            case templateUnavailable = "template_unavailable"
            case unknownPrinter = "unknown_printer"
            case templateDoesNotFit = "template_does_not_fit"
            case templateGone = "template_gone"
            case cannotRerender = "cannot_rerender"
            case zplCommandNotAllowed = "zpl_command_not_allowed"
        }
        let base: Base

        /// One field's value is out of its range or form (``SubmissionError/field`` names it).
        public static let invalidField = Code(base: .invalidField)
        /// The fields do not go together (zpl and template, template without labels…).
        public static let invalidRequest = Code(base: .invalidRequest)
        /// More than ``JobLimits/maxLabels`` labels, copies included.
        public static let tooManyLabels = Code(base: .tooManyLabels)
        public static let noLabels = Code(base: .noLabels)
        /// Some labels cannot be printed; ``SubmissionError/problems`` lists every one.
        public static let invalidLabels = Code(base: .invalidLabels)
        /// No template of that name is loaded.
        public static let unknownTemplate = Code(base: .unknownTemplate)
        /// The template's file never loaded.
        public static let templateUnavailable = Code(base: .templateUnavailable)
        public static let unknownPrinter = Code(base: .unknownPrinter)
        /// The template is made for another printer model (dpi, width).
        public static let templateDoesNotFit = Code(base: .templateDoesNotFit)
        /// A reprint must render pruned labels again, and the original's template is no longer loaded.
        public static let templateGone = Code(base: .templateGone)
        /// A reprint must render a pruned label again, and the original job kept no template data for it.
        public static let cannotRerender = Code(base: .cannotRerender)

        /// Some labels hold ZPL commands their printer's ``ZPLPolicy`` refuses; ``SubmissionError/problems`` names
        /// each label, command and offset.
        public static let zplCommandNotAllowed = Code(base: .zplCommandNotAllowed)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// For people: what is wrong and how to mend it.
    public let message: String
    /// The request field at fault, when one is.
    public let field: String?
    /// Every label problem, for ``Code/invalidLabels``.
    public let problems: [LabelProblem]
    /// The job's label count, for ``Code/tooManyLabels`` when it is told.
    public let labelCount: Int?

    public init(
        _ code: Code, _ message: String, field: String? = nil, problems: [LabelProblem] = [], labelCount: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.problems = problems
        self.labelCount = labelCount
    }

    /// Refuses the labels of `problems`, all of them named, nothing queued.
    public static func invalidLabels(_ problems: [LabelProblem]) -> SubmissionError {
        let numbers = Array(Set(problems.map(\.label))).sorted()
        return SubmissionError(
            .invalidLabels,
            "\(numbers.count) label(s) cannot be printed: \(numbers.map(String.init).joined(separator: ", ")); nothing was queued",
            problems: problems)
    }

    /// Refuses labels holding commands their printer's ZPL policy does not allow (`problems` may also name labels
    /// wrong in other ways: every bad label is listed).
    public static func commandsNotAllowed(_ problems: [LabelProblem], policy: ZPLPolicy) -> SubmissionError {
        let numbers = Array(Set(problems.map(\.label))).sorted()
        return SubmissionError(
            .zplCommandNotAllowed,
            "\(numbers.count) label(s) hold ZPL commands the printer's zpl_policy '\(policy.rawValue)' does not "
                + "allow: \(numbers.map(String.init).joined(separator: ", ")); nothing was queued",
            problems: problems)
    }

    public var description: String { "\(code): \(message)" }
}
