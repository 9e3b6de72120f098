/// A request for new lot numbers.
public struct LotRequest: Sendable, Hashable {
    /// Lots in one request, at most.
    public static let maxCount = 1_000

    public var count: Int

    public init(count: Int) { self.count = count }

    /// `count` new lots from `lots`, once the count is in 1…``maxCount``.
    public func allocate(from lots: some LotStore) async throws -> [String] {
        guard (1...Self.maxCount).contains(count) else {
            throw SubmissionError(.invalidField, "count must be 1 to \(Self.maxCount)", field: "count")
        }
        return try await lots.allocate(count: count)
    }
}
