import Core

extension CUPSTransport {
    /// Timeouts of the CUPS transport. A printer URI may override each one in seconds
    /// (`cups://zebra?connect_timeout=3&drain_timeout=120`).
    public struct Configuration: Sendable, Hashable {
        /// How long connecting to cupsd may take before the server counts as unreachable.
        public var connectTimeout: Duration
        /// How long one IPP request may wait for cupsd's answer.
        public var requestTimeout: Duration
        /// How long ``CUPSTransport/open()`` waits for this user's unfinished jobs on the queue (from an earlier
        /// connection) to finish.
        public var drainTimeout: Duration
        /// The pause between looks while ``CUPSTransport/open()`` waits for those jobs.
        public var drainPollInterval: Duration

        public init(
            connectTimeout: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(15),
            drainTimeout: Duration = .seconds(120),
            drainPollInterval: Duration = .milliseconds(250)
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.drainTimeout = drainTimeout
            self.drainPollInterval = drainPollInterval
        }

        static var options: [(name: String, keyPath: WritableKeyPath<Configuration, Duration>)] {
            [
                ("connect_timeout", \.connectTimeout),
                ("request_timeout", \.requestTimeout),
                ("drain_timeout", \.drainTimeout),
                ("poll_interval", \.drainPollInterval),
            ]
        }

        /// This configuration with the timeouts `uri` overrides. Throws on an unknown option or a bad value.
        public func applying(_ uri: PrinterURI) throws(PrinterURIError) -> Configuration {
            try uri.applyingDurations(to: self, options: Self.options, kind: "a CUPS queue")
        }
    }
}
