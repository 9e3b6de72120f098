import Foundation

/// An immutable entry in a job's history.
public struct JobEvent: Sendable, Hashable, Codable {
    public var id: Int64
    public var jobID: UUID
    public var kind: Kind
    /// Small, flat facts about the event (`labels_done`, `error`, `owner`…).
    public var data: [String: String]
    public var createdAt: Date
    /// The subject of the token whose call caused it; nil for what the engine did by itself.
    public var actor: String?

    public init(id: Int64, jobID: UUID, kind: Kind, data: [String: String], createdAt: Date, actor: String? = nil) {
        self.actor = actor
        self.id = id
        self.jobID = jobID
        self.kind = kind
        self.data = data
        self.createdAt = createdAt
    }

    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let created = Kind(rawValue: "created")
        public static let claimed = Kind(rawValue: "claimed")
        public static let printing = Kind(rawValue: "printing")
        public static let labelsConfirmed = Kind(rawValue: "labels_confirmed")
        public static let waiting = Kind(rawValue: "waiting")
        public static let resumed = Kind(rawValue: "resumed")
        public static let retried = Kind(rawValue: "retried")
        public static let completed = Kind(rawValue: "completed")
        public static let failed = Kind(rawValue: "failed")
        public static let cancelRequested = Kind(rawValue: "cancel_requested")
        public static let cancelled = Kind(rawValue: "cancelled")
        public static let deleted = Kind(rawValue: "deleted")
        public static let released = Kind(rawValue: "released")
        /// Held through the API; `hold_released` when released again.
        public static let held = Kind(rawValue: "held")
        public static let holdReleased = Kind(rawValue: "hold_released")
        /// A move asked while a process drives the job's printer; `moved` once the job is on the other printer.
        public static let moveRequested = Kind(rawValue: "move_requested")
        public static let moved = Kind(rawValue: "moved")
        /// Gave the printer up to a job of priority 10; it resumes after it.
        public static let preempted = Kind(rawValue: "preempted")
        /// Its `expires_at` passed before it completed.
        public static let expired = Kind(rawValue: "expired")
    }
}
