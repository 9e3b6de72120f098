import Foundation

/// Why a lot cannot be bound to a label: a store refuses the whole job with every conflict it found.
public enum LotConflict: Sendable, Hashable, CustomStringConvertible {
    /// One lot on two labels of the same job.
    case repeated(lot: String, firstLabel: Int, label: Int)
    /// The lot is bound to a label of another original job.
    case alreadyPrinted(lot: String, jobID: UUID, label: Int)
    /// No lot of that name was ever allocated.
    case notAllocated(lot: String)

    /// The lots of `uses` that appear on more than one label, each after its first.
    public static func repeats(in uses: [LotUse]) -> [LotConflict] {
        var seen: [String: Int] = [:]
        var conflicts: [LotConflict] = []
        for use in uses {
            if let first = seen[use.lot] {
                conflicts.append(.repeated(lot: use.lot, firstLabel: first, label: use.label))
            } else {
                seen[use.lot] = use.label
            }
        }
        return conflicts
    }

    /// The store error that refuses a job for `conflicts`, naming each.
    public static func error(_ conflicts: [LotConflict]) -> StoreError {
        StoreError(.conflict, conflicts.map(\.description).joined(separator: "; "))
    }

    public var description: String {
        switch self {
        case .repeated(let lot, let first, let label): "lot \(lot) is on labels \(first) and \(label) of this job"
        case .alreadyPrinted(let lot, let jobID, let label):
            "lot \(lot) is already printed by job \(jobID.uuidString.lowercased()), label \(label)"
        case .notAllocated(let lot): "lot \(lot) was not allocated by this gateway (POST /v1/lots)"
        }
    }
}
