import Foundation

/// A printer this process holds: the fencing token goes up on every claim, and every write carries it.
public struct PrinterLease: Sendable, Hashable {
    public var printerID: UUID
    public var printerName: String
    public var owner: String
    public var token: Int64
    /// How long each extension of the lease lasts.
    public var duration: Duration

    public init(printerID: UUID, printerName: String, owner: String, token: Int64, duration: Duration) {
        self.printerID = printerID
        self.printerName = printerName
        self.owner = owner
        self.token = token
        self.duration = duration
    }
}
