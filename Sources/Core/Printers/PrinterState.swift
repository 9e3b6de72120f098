import Foundation

/// The printer's overall state, as the API reports it.
public enum PrinterState: String, Sendable, Codable, CaseIterable {
    case ready
    case offline
    case error
    case unknown
}
