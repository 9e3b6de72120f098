import Foundation

/// What the health page shows of the database's contents.
public struct HealthFigures: Sendable {
    /// A gateway process that announced itself (``GatewayPresence``).
    public struct GatewayProcess: Sendable {
        public var owner: String
        /// Empty: it drives every site.
        public var site: String
        public var lastSeenAt: Date
        public var alive: Bool
    }

    /// A count for the hour starting at `hour`.
    public struct Hourly: Sendable, Hashable {
        public var hour: Date
        public var count: Int
    }

    public var gateways: [GatewayProcess]
    /// Sites that have printers and no live gateway to drive them.
    public var sitesWithoutGateway: [String]
    /// Jobs queued or printing.
    public var queueDepth: Int
    /// The oldest queued job: its id, when it was queued and why it waits (nil when it does not).
    public var oldestQueued: (id: UUID, createdAt: Date, waitingReason: String?)?
    /// Labels confirmed per hour, and labels failed per hour (by when their job ended), over the last 24 hours
    /// (the current hour last); hours without any are absent.
    public var printedPerHour: [Hourly]
    public var failedPerHour: [Hourly]
}
