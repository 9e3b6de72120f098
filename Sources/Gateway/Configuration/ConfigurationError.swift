/// A configuration value that cannot be used, with what to fix. The message names the variable and never holds a
/// secret's value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
