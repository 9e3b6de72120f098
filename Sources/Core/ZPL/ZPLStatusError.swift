/// A status answer from a printer that could not be understood.
public struct ZPLStatusError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
