extension USBTransport {
    /// Timeouts of the USB transport.
    public struct Configuration: Sendable, Hashable {
        /// How long one bulk OUT transfer may take before the printer counts as not taking data.
        public var writeTimeout: Duration
        /// How long to wait for a complete answer to `~HS` or `~HQES` on bulk IN.
        public var statusTimeout: Duration
        /// How long ``USBTransport/open()`` waits for formats left from an earlier connection to print.
        public var drainTimeout: Duration
        /// The pause between status polls while ``USBTransport/open()`` waits for the printer to drain.
        public var drainPollInterval: Duration

        public init(
            writeTimeout: Duration = .seconds(10),
            statusTimeout: Duration = .seconds(2),
            drainTimeout: Duration = .seconds(60),
            drainPollInterval: Duration = .milliseconds(500)
        ) {
            self.writeTimeout = writeTimeout
            self.statusTimeout = statusTimeout
            self.drainTimeout = drainTimeout
            self.drainPollInterval = drainPollInterval
        }
    }
}
