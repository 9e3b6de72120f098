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
