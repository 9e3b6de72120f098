import Foundation

/// A printer as the gateway knows it: a row of data, never code.
public struct Printer: Sendable, Hashable, Codable {
    public var id: UUID
    /// Unique, the key clients use in the API.
    public var name: String
    public var uri: String
    /// The `name` of a ``PrinterModel``.
    public var model: String
    public var site: String
    public var enabled: Bool
    public var description: String
    /// What ready-made ZPL labels for this printer may hold.
    public var zplPolicy: ZPLPolicy
    /// Paused through the API: nothing new is sent to it.
    public var paused: Bool

    public init(
        id: UUID = UUID(),
        name: String,
        uri: String,
        model: String = PrinterModel.zebraZ230_300dpi.name,
        site: String = "",
        enabled: Bool = true,
        description: String = "",
        zplPolicy: ZPLPolicy = .default,
        paused: Bool = false
    ) {
        self.paused = paused
        self.id = id
        self.name = name
        self.uri = uri
        self.model = model
        self.site = site
        self.enabled = enabled
        self.description = description
        self.zplPolicy = zplPolicy
    }

    /// Printer names are URL path segments and env-file keys: a lower-case letter or digit, then up to 62 lower-case
    /// letters, digits, `-` and `_` (so never `.` or `..`).
    public static func isValidName(_ name: String) -> Bool { ResourceName.isValid(name) }
}
