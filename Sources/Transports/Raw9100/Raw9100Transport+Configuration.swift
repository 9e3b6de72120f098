import Core

extension Raw9100Transport {
    /// Timeouts of the raw port transport. A printer URI may override each one in seconds
    /// (`raw9100://10.0.0.50:9100?connect_timeout=3&status_timeout=1.5`).
    public struct Configuration: Sendable, Hashable {
        /// How long a TCP connect may take before the printer counts as unreachable.
        public var connectTimeout: Duration
        /// How long one label's bytes may take to leave for the printer.
        public var writeTimeout: Duration
        /// How long to wait for a complete answer to `~HS` or `~HQES`.
        public var statusTimeout: Duration
        /// How long ``Raw9100Transport/open()`` waits for formats left from an earlier connection to print.
        public var drainTimeout: Duration
        /// The pause between status polls while ``Raw9100Transport/open()`` waits for the printer to drain.
        public var drainPollInterval: Duration

        public init(
            connectTimeout: Duration = .seconds(5),
            writeTimeout: Duration = .seconds(10),
            statusTimeout: Duration = .seconds(2),
            drainTimeout: Duration = .seconds(60),
            drainPollInterval: Duration = .milliseconds(500)
        ) {
            self.connectTimeout = connectTimeout
            self.writeTimeout = writeTimeout
            self.statusTimeout = statusTimeout
            self.drainTimeout = drainTimeout
            self.drainPollInterval = drainPollInterval
        }

        /// The query options a URI may give, each a number of seconds.
        static var options: [(name: String, keyPath: WritableKeyPath<Configuration, Duration>)] {
            [
                ("connect_timeout", \.connectTimeout),
                ("write_timeout", \.writeTimeout),
                ("status_timeout", \.statusTimeout),
                ("drain_timeout", \.drainTimeout),
                ("poll_interval", \.drainPollInterval),
            ]
        }

        /// This configuration with the timeouts `uri` overrides. Throws on an unknown option or a value that
        /// is not a positive number of seconds.
        public func applying(_ uri: PrinterURI) throws(PrinterURIError) -> Configuration {
            try uri.applyingDurations(to: self, options: Self.options, kind: "a raw port 9100 printer")
        }
    }
}
