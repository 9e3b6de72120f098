import CCUPS

/// A failure reported by libcups, with the IPP or HTTP status it came with. ``CUPSTransport`` turns it into a
/// ``Core/TransportError`` so the engine knows whether to wait or to retry.
public struct CUPSError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case serverUnreachable, queueNotFound, notAcceptingJobs, notAuthorized, jobNotFound, requestFailed
        }
        let base: Base
        /// No connection to cupsd (refused, no such socket, timed out).
        public static let serverUnreachable = Code(base: .serverUnreachable)
        /// cupsd answers but has no queue of that name.
        public static let queueNotFound = Code(base: .queueNotFound)
        /// The queue rejects new jobs (`cupsreject`).
        public static let notAcceptingJobs = Code(base: .notAcceptingJobs)
        /// cupsd refuses the operation to this user.
        public static let notAuthorized = Code(base: .notAuthorized)
        /// cupsd no longer knows a job (purged from its history).
        public static let jobNotFound = Code(base: .jobNotFound)
        /// Any other IPP or HTTP error.
        public static let requestFailed = Code(base: .requestFailed)
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The IPP status code (`ipp_status_t`), when cupsd answered one.
    public let ippStatus: Int?
    public let message: String

    public init(_ code: Code, _ message: String, ippStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.ippStatus = ippStatus
    }

    public var description: String { "\(code): \(message)" }

    /// The error libcups recorded for the calling thread's last request (`cupsLastError`, `cupsLastErrorString`).
    /// Call it on the thread that made the request.
    static func last(_ what: String, server: String, queue: String? = nil) -> CUPSError {
        let status = cupsLastError()
        let text = cupsLastErrorString().map { String(cString: $0) } ?? "IPP status \(status.rawValue)"
        let raw = Int(status.rawValue)
        switch status {
        case IPP_STATUS_ERROR_NOT_FOUND where queue != nil:
            return CUPSError(
                .queueNotFound,
                "CUPS at \(server) has no queue '\(queue!)' (lpstat -h \(server) -p lists the queues; "
                    + "lpadmin -p \(queue!) … adds it)", ippStatus: raw)
        case IPP_STATUS_ERROR_NOT_FOUND:
            return CUPSError(.jobNotFound, "\(what): \(text)", ippStatus: raw)
        case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
            return CUPSError(
                .notAcceptingJobs,
                "CUPS queue '\(queue ?? "?")' at \(server) rejects jobs (cupsaccept \(queue ?? "QUEUE") lets them in)",
                ippStatus: raw)
        case IPP_STATUS_ERROR_FORBIDDEN, IPP_STATUS_ERROR_NOT_AUTHORIZED, IPP_STATUS_ERROR_CUPS_AUTHENTICATION_CANCELED:
            return CUPSError(.notAuthorized, "CUPS at \(server) refuses \(what): \(text)", ippStatus: raw)
        case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE, IPP_STATUS_ERROR_INTERNAL:
            // libcups reports a lost or refused connection as service-unavailable or internal error.
            return CUPSError(.serverUnreachable, "CUPS at \(server) does not answer (\(what)): \(text)", ippStatus: raw)
        default:
            return CUPSError(.requestFailed, "\(what) failed at CUPS \(server): \(text)", ippStatus: raw)
        }
    }
}
