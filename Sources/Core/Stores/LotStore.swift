/// Lot numbers: unique for ever, never handed out twice. A store binds them to labels when a job is queued
/// (``JobStore/submit(_:)``, ``NewJob/lotUses``).
public protocol LotStore: Sendable {
    /// `count` new lots, in order.
    func allocate(count: Int) async throws -> [String]

    /// The lot and what became of it; nil when it was never allocated.
    func find(_ lot: String) async throws -> LotRecord?
}
