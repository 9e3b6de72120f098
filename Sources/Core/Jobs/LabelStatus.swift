/// A label's progress. `sent` means handed to the transport and not yet confirmed.
public enum LabelStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case sent
    case printed
    case failed
}
