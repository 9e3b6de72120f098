import Core
import Foundation

/// The database's side of the gateway's metrics, as numbers (the gateway publishes them).
public struct StoreMetrics: Sendable, Equatable {
    /// Jobs by status.
    public var jobs: [JobStatus: Int] = [:]
    /// Queued jobs that wait, by reason.
    public var waitingJobs: [WaitingReason: Int] = [:]
    /// Labels confirmed over all jobs kept.
    public var labelsConfirmed = 0
    /// Every printer not deleted.
    public var printers: [PrinterLoad] = []
    /// For every site with printers, the gateways alive for it.
    public var liveGateways: [String: Int] = [:]
    /// This process's database connections by state (empty when not asked for).
    public var connections: [String: Int] = [:]

    public init() {}
}
