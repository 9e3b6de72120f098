/// A problem with one label of a submission, by label number (1-based) and field.
public struct LabelProblem: Sendable, Hashable, Codable {
    public var label: Int
    public var field: String
    public var message: String
    /// The refused ZPL command (`^JU`, `~JA`, `0x10`), for ``SubmissionError/Code/zplCommandNotAllowed``.
    public var command: String?
    /// The command's byte offset in the label's ZPL.
    public var offset: Int?

    public init(label: Int, field: String, message: String, command: String? = nil, offset: Int? = nil) {
        self.label = label
        self.field = field
        self.message = message
        self.command = command
        self.offset = offset
    }
}
