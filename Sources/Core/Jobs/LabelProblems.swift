/// The problems of one or more labels, all found before anything is queued.
public struct LabelProblems: Error, Sendable, Hashable {
    public var items: [LabelProblem]
    public init(_ items: [LabelProblem]) { self.items = items }
}
