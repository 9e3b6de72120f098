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

    public init(
        id: UUID = UUID(),
        name: String,
        uri: String,
        model: String = PrinterModel.zebraZ230_300dpi.name,
        site: String = "",
        enabled: Bool = true,
        description: String = ""
    ) {
        self.id = id
        self.name = name
        self.uri = uri
        self.model = model
        self.site = site
        self.enabled = enabled
        self.description = description
    }

    /// Printer names are URL path segments and env-file keys: letters, digits, `-`, `_`, `.`; 1…64 characters.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }
}
