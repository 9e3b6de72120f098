import Foundation

/// A write carried a stale lease token: another process owns the printer now. Stop sending at once.
public struct LeaseLostError: Error, Sendable, CustomStringConvertible {
    public let printerName: String
    public init(printerName: String) { self.printerName = printerName }
    public var description: String { "lease on printer '\(printerName)' was lost to another process" }
}
