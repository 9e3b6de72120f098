extension SimulatedPrinter {
    /// How a simulated Zebra Z230 is set up. The defaults are a 300 dpi printer with a roll of 10,000 labels.
    public struct Configuration: Sendable, Hashable {
        public var name: String
        /// Labels left on the roll.
        public var media: Int
        /// Print speed in inches per second.
        public var speedIPS: Double
        public var dpi: Int
        /// The label length of a format without `^LL`, in dots (1,200 dots is 4 in at 300 dpi).
        public var defaultLabelDots: Int
        /// How many formats the receive buffer holds before `~HS` reports it full.
        public var bufferCapacity: Int
        public var faults: [Fault]
        /// When set, every printed label is appended to this file as one JSON line.
        public var recordPath: String?

        public init(
            name: String,
            media: Int = 10_000,
            speedIPS: Double = 6,
            dpi: Int = 300,
            defaultLabelDots: Int = 1_200,
            bufferCapacity: Int = 50,
            faults: [Fault] = [],
            recordPath: String? = nil
        ) {
            self.name = name
            self.media = media
            self.speedIPS = speedIPS
            self.dpi = dpi
            self.defaultLabelDots = defaultLabelDots
            self.bufferCapacity = bufferCapacity
            self.faults = faults
            self.recordPath = recordPath
        }

        /// Seconds one label of `dots` takes to print: length in inches over speed.
        public func secondsPerLabel(dots: Int) -> Double {
            Double(dots) / (Double(dpi) * speedIPS)
        }
    }
}
