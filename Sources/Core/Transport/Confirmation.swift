import Foundation

/// What a transport's confirmation of a label means.
public enum Confirmation: String, Sendable, Codable {
    /// The printer itself says the label left the print head (raw 9100 and USB with `~HS`, the simulator).
    case printed
    /// The label was handed to the next system (a CUPS job `completed`, or a USB printer without a back channel).
    case delivered
}
