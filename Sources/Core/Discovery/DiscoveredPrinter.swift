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
