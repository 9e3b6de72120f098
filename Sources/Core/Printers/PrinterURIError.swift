import Foundation

/// A printer URI that cannot be parsed or that no transport accepts.
public struct PrinterURIError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
