/// What one kind of transport found, and, when it found nothing or cannot look, why, in plain words.
public struct DiscoveryReport: Sendable, Hashable, Codable {
    public var transport: String
    /// False when this host cannot use the transport at all (no USB support, no CUPS server answering).
    public var available: Bool
    public var printers: [DiscoveredPrinter]
    public var note: String?

    public init(transport: String, available: Bool, printers: [DiscoveredPrinter], note: String? = nil) {
        self.transport = transport
        self.available = available
        self.printers = printers
        self.note = note
    }
}
