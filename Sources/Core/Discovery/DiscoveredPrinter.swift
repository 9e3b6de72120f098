/// A printer found by a ``PrinterDiscoverer``, with a URI ready to put in a printer row.
public struct DiscoveredPrinter: Sendable, Hashable, Codable {
    /// `cups://zebra_z230`, `usb://0a5f:0120?serial=52J123`, `raw9100://10.0.0.50:9100`.
    public var uri: String
    /// The URI scheme's transport: `cups`, `usb`, `raw9100`.
    public var transport: String
    /// What the printer or queue calls itself.
    public var name: String
    /// More for people: the queue's device and state, the USB ids, the `~HI` answer.
    public var detail: String?

    public init(uri: String, transport: String, name: String, detail: String? = nil) {
        self.uri = uri
        self.transport = transport
        self.name = name
        self.detail = detail
    }
}

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
