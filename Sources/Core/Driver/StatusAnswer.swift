/// What came back for one status question.
public enum StatusAnswer: Sendable, Hashable {
    /// A complete answer, reframed as the printer sent it.
    case complete([UInt8])
    /// Nothing at all within the time allowed.
    case silent
    /// Bytes arrived, but no complete answer of the expected shape within the time allowed.
    case incomplete([UInt8])
}
