/// Rules every submitted job follows, whatever its source.
public enum JobLimits {
    /// Labels in one job, copies included.
    public static let maxLabels = 1_000
    /// Copies of each label.
    public static let maxCopies = 1_000
    /// Bytes of one label's ZPL.
    public static let maxLabelBytes = 256 * 1024
    public static let defaultMaxAttempts = 5
}

/// A problem with one label of a submission, by label number (1-based) and field.
public struct LabelProblem: Sendable, Hashable, Codable {
    public var label: Int
    public var field: String
    public var message: String

    public init(label: Int, field: String, message: String) {
        self.label = label
        self.field = field
        self.message = message
    }
}

/// The problems of one or more labels, all found before anything is queued.
public struct LabelProblems: Error, Sendable, Hashable {
    public var items: [LabelProblem]
    public init(_ items: [LabelProblem]) { self.items = items }
}
