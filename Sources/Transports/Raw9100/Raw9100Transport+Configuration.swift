import Core

extension Raw9100Transport {
    /// Timeouts of the raw port transport: connecting, and the ZPL driver's, which read through this one
    /// (`configuration.statusTimeout`). A printer URI may override each one in seconds
    /// (`raw9100://10.0.0.50:9100?connect_timeout=3&status_timeout=1.5`).
    @dynamicMemberLookup
    public struct Configuration: Sendable, Hashable {
        /// How long a TCP connect may take before the printer counts as unreachable.
        public var connectTimeout: Duration
        /// Writing, status answers, and the wait at opening for the printer to drain.
        public var driver: ZPLDriverConfiguration

        public init(connectTimeout: Duration = .seconds(5), driver: ZPLDriverConfiguration = ZPLDriverConfiguration()) {
            self.connectTimeout = connectTimeout
            self.driver = driver
        }

        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ZPLDriverConfiguration, Value>) -> Value {
            get { driver[keyPath: keyPath] }
            set { driver[keyPath: keyPath] = newValue }
        }

        /// The query options a URI may give, each a number of seconds.
        static var options: [(name: String, keyPath: WritableKeyPath<Configuration, Duration>)] {
            let driver: WritableKeyPath<Configuration, ZPLDriverConfiguration> = \.driver
            let driverOptions = ZPLDriverConfiguration.options.map { option in
                (name: option.name, keyPath: driver.appending(path: option.keyPath))
            }
            return [("connect_timeout", \.connectTimeout)] + driverOptions
        }

        /// This configuration with the timeouts `uri` overrides. Throws on an unknown option or a value that
        /// is not a positive number of seconds.
        public func applying(_ uri: PrinterURI) throws(PrinterURIError) -> Configuration {
            try uri.applyingDurations(to: self, options: Self.options, kind: "a raw port 9100 printer")
        }
    }
}
