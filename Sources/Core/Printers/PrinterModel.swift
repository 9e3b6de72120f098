/// What the gateway must know about a kind of printer. Models are rows in the database; the Z230 is seeded.
public struct PrinterModel: Sendable, Hashable, Codable {
    public var name: String
    public var dpi: Int
    /// Dots per millimetre (8 at 203 dpi, 12 at 300 dpi).
    public var dotsPerMillimetre: Int
    public var maxPrintWidthDots: Int
    /// Whether the printer answers `~HS` on its back channel.
    public var answersHostStatus: Bool
    public var usbVendorID: Int?
    public var usbProductID: Int?
    /// Print speed in inches per second, used to estimate and to simulate.
    public var maxSpeedIPS: Int

    public init(
        name: String,
        dpi: Int,
        dotsPerMillimetre: Int,
        maxPrintWidthDots: Int,
        answersHostStatus: Bool,
        usbVendorID: Int? = nil,
        usbProductID: Int? = nil,
        maxSpeedIPS: Int
    ) {
        self.name = name
        self.dpi = dpi
        self.dotsPerMillimetre = dotsPerMillimetre
        self.maxPrintWidthDots = maxPrintWidthDots
        self.answersHostStatus = answersHostStatus
        self.usbVendorID = usbVendorID
        self.usbProductID = usbProductID
        self.maxSpeedIPS = maxSpeedIPS
    }

    /// Zebra ZT230 at 300 dpi: 12 dots/mm, 4.09 in wide (1,228 dots), 6 in/s, USB vendor 0x0A5F.
    /// Width, speed and product id are unconfirmed (ZEBRA.md) and live in the seeded row.
    public static let zebraZ230_300dpi = PrinterModel(
        name: "zebra-z230-300dpi",
        dpi: 300,
        dotsPerMillimetre: 12,
        maxPrintWidthDots: 1228,
        answersHostStatus: true,
        usbVendorID: 0x0A5F,
        usbProductID: nil,
        maxSpeedIPS: 6
    )
}
