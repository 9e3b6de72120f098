/// What a printer accepts in ready-made ZPL labels.
///
/// `label`, the default, lets a job draw a label and nothing else; `device` is for sites whose designer software
/// sends setup commands with its labels (darkness, media, stored formats and graphics), and counts `^PQ` copies as
/// labels. Under both, a label is one `^XA…^XZ` format and the commands that would hide others (`^CC`, `^CT`,
/// `^CD`) or cancel, reset, pause or question the printer behind the engine's back are refused: they would break
/// how the engine counts and confirms printed labels.
public enum ZPLPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case label
    case device

    public static let `default` = ZPLPolicy.label

    /// The names `zpl_policy` takes in the API, for messages.
    public static let names = allCases.map(\.rawValue).joined(separator: " or ")
}
