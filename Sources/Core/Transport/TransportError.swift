/// An error from a transport, classified so the engine knows whether to wait or to retry.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case unreachable, condition, connectionLost, timeout, protocolError, unsupported, invalidURI, failed
        }
        let base: Base
        /// The printer cannot be reached (refused, no route, no such device or queue). The job waits; no attempt is used.
        public static let unreachable = Code(base: .unreachable)
        /// The printer is reachable but cannot print now (paper out, head open, paused). The job waits.
        public static let condition = Code(base: .condition)
        /// An open connection broke. The job retries with backoff.
        public static let connectionLost = Code(base: .connectionLost)
        /// The printer did not answer in time.
        public static let timeout = Code(base: .timeout)
        /// The printer answered something that could not be understood.
        public static let protocolError = Code(base: .protocolError)
        /// This host or build cannot use the transport (no libusb, no cupsd).
        public static let unsupported = Code(base: .unsupported)
        public static let invalidURI = Code(base: .invalidURI)
        public static let failed = Code(base: .failed)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String
    /// The printer's status when the error is a condition (what to wait for).
    public let status: PrinterStatus?
    public let underlying: (any Error)?

    public init(_ code: Code, _ message: String, status: PrinterStatus? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.underlying = underlying
    }

    /// True when the job should wait for the printer rather than use up an attempt.
    public var isWaitCondition: Bool { code == .unreachable || code == .condition }

    public var description: String { "\(code): \(message)" }
}
