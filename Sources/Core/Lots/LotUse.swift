/// A lot printed on one label of an original job. Once bound, no other original job may print it.
public struct LotUse: Sendable, Hashable {
    public var lot: String
    /// The label's number in its job, 1…N.
    public var label: Int

    public init(lot: String, label: Int) {
        self.lot = lot
        self.label = label
    }
}

extension NewJob {
    /// The lots this job binds, by label. A reprint binds none (it prints the original's lots again), and the copies
    /// after the first of a label share its lot.
    public var lotUses: [LotUse] {
        guard reprintOfJobID == nil else { return [] }
        return labels.enumerated().compactMap { index, label in
            label.isExtraCopy ? nil : label.lot.map { LotUse(lot: $0, label: index + 1) }
        }
    }
}
