/// The timeouts of the ZPL conversation with a printer, whatever carries its bytes.
public struct ZPLDriverConfiguration: Sendable, Hashable {
    /// How long one label's bytes (or a status question) may take to leave for the printer.
    public var writeTimeout: Duration
    /// How long to wait for a complete answer to `~HS` or `~HQES`.
    public var statusTimeout: Duration
    /// How long ``ZPLDriver/open()`` waits for formats left from an earlier connection to print.
    public var drainTimeout: Duration
    /// The pause between status polls while ``ZPLDriver/open()`` waits for the printer to drain.
    public var drainPollInterval: Duration

    public init(
        writeTimeout: Duration = .seconds(10), statusTimeout: Duration = .seconds(2),
        drainTimeout: Duration = .seconds(60), drainPollInterval: Duration = .milliseconds(500)
    ) {
        self.writeTimeout = writeTimeout
        self.statusTimeout = statusTimeout
        self.drainTimeout = drainTimeout
        self.drainPollInterval = drainPollInterval
    }

    /// The query options a printer URI may give for these timeouts, each a number of seconds.
    public static var options: [(name: String, keyPath: WritableKeyPath<ZPLDriverConfiguration, Duration>)] {
        [
            ("write_timeout", \.writeTimeout), ("status_timeout", \.statusTimeout),
            ("drain_timeout", \.drainTimeout), ("poll_interval", \.drainPollInterval),
        ]
    }
}
