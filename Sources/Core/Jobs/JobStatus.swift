/// A job's life: `queued` → `printing` → `completed` | `failed` | `cancelled`.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case printing
    case completed
    case failed
    case cancelled

    public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }
}
