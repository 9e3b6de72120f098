import Core
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Prints ZPL over a raw TCP connection to a printer's port 9100 and confirms labels from `~HS` on the same
/// socket: printed = sent − formats in the receive buffer − (1 while a batch is in progress). The printer does
/// not answer `~HS` while media is out or the head is open, so a silent `~HS` is followed by `~HQES`.
public actor Raw9100Transport: Transport {
    public nonisolated let confirmation = Confirmation.printed
    public nonisolated let host: String
    public nonisolated let port: Int
    public nonisolated let configuration: Configuration

    private let group: any EventLoopGroup
    let clock: any GatewayClock
    let logger: Logger

    var connection: Raw9100Connection?
    /// Formats sent on the current connection.
    private var sent = 0
    /// The highest count of printed labels seen on the current connection.
    private var confirmed = 0
    /// One status question at a time, so one question's answer is never read as another's.
    var asking = false
    var waitingToAsk: [CheckedContinuation<Void, Never>] = []

    public init(
        host: String,
        port: Int = 9100,
        configuration: Configuration = Configuration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any GatewayClock = SystemClock(),
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.group = eventLoopGroup
        self.clock = clock
        var logger = logger
        if logger[metadataKey: "transport.uri"] == nil {
            logger[metadataKey: "transport.uri"] = "raw9100://\(Self.endpoint(host: host, port: port))"
        }
        self.logger = logger
    }

    /// `host:port`, with brackets around an IPv6 address.
    public nonisolated var endpoint: String { Self.endpoint(host: host, port: port) }

    public func open() async throws {
        if let connection {
            self.connection = nil
            await connection.close()
        }
        sent = 0
        confirmed = 0
        let connection: Raw9100Connection
        do {
            connection = try await Raw9100Connection.connect(
                host: host, port: port, timeout: configuration.connectTimeout, group: group)
        } catch {
            throw unreachable(error)
        }
        self.connection = connection
        do {
            try await waitUntilDrained(connection)
        } catch {
            self.connection = nil
            await connection.close()
            if let error = error as? TransportError, error.code == .connectionLost {
                throw TransportError(.unreachable, "\(endpoint) closed the connection at once", underlying: error)
            }
            throw error
        }
        logger.info("connected to printer")
    }

    public func send(_ label: LabelDocument) async throws {
        guard let connection else {
            throw TransportError(.connectionLost, "no open connection to \(endpoint) to send label \(label.number)")
        }
        do {
            try await connection.write(label.zpl, timeout: configuration.writeTimeout)
        } catch {
            // After a failed or stalled write the printer's count of formats no longer matches ours.
            self.connection = nil
            await connection.close()
            switch error {
            case .writeTimedOut:
                throw TransportError(
                    .timeout,
                    "\(endpoint) did not take label \(label.number) within \(configuration.writeTimeout.secondsText)")
            case .closed(let underlying):
                throw TransportError(
                    .connectionLost, "connection to \(endpoint) broke while sending label \(label.number)",
                    underlying: underlying)
            case .connect(let underlying):
                throw TransportError(
                    .connectionLost, "connection to \(endpoint) broke while sending label \(label.number)",
                    underlying: underlying)
            }
        }
        sent += 1
    }

    public func progress() async throws -> TransportProgress {
        guard let connection else {
            throw TransportError(.connectionLost, "no open connection to \(endpoint)")
        }
        switch try await readStatus(connection) {
        case .host(let status):
            confirmed = max(confirmed, status.printed(ofSent: sent))
            logger.trace(
                "printer status",
                metadata: [
                    "raw9100.sent": "\(sent)", "raw9100.confirmed": "\(confirmed)",
                    "raw9100.buffered": "\(status.formatsInReceiveBuffer)",
                ])
            return TransportProgress(confirmed: confirmed, status: stamped(status.printerStatus))
        case .extended(let status):
            var printerStatus = status.printerStatus
            printerStatus.detail = "no answer to ~HS; status from ~HQES"
            return TransportProgress(confirmed: confirmed, status: stamped(printerStatus))
        }
    }

    public func status() async throws -> PrinterStatus {
        if let connection {
            return stamped(try await readStatus(connection).printerStatus)
        }
        let connection: Raw9100Connection
        do {
            connection = try await Raw9100Connection.connect(
                host: host, port: port, timeout: configuration.connectTimeout, group: group)
        } catch {
            return stamped(.offline(unreachable(error).message))
        }
        let reading: Result<StatusReading, TransportError>
        do {
            reading = .success(try await readStatus(connection))
        } catch {
            reading = .failure(error)
        }
        await connection.close()
        switch reading {
        case .success(let reading): return stamped(reading.printerStatus)
        case .failure(let error) where error.code == .connectionLost: return stamped(.offline(error.message))
        case .failure(let error): throw error
        }
    }

    public func close() async {
        guard let connection else { return }
        self.connection = nil
        await connection.close()
        logger.info("connection to printer closed")
    }
}

extension Raw9100Transport {
    /// Polls `~HS` until formats left from an earlier connection have printed, so counting starts at zero.
    /// Throws ``TransportError``, or `CancellationError` when the task is cancelled while it waits.
    private func waitUntilDrained(_ connection: Raw9100Connection) async throws {
        try await ZPLStatusReading.waitUntilDrained(
            printer: endpoint, timeout: configuration.drainTimeout, pollInterval: configuration.drainPollInterval,
            clock: clock, read: { try await readStatus(connection) },
            waiting: { hostStatus in
                logger.debug(
                    "waiting for formats from an earlier connection to print",
                    metadata: ["raw9100.buffered": "\(hostStatus.formatsInReceiveBuffer)"])
            })
    }

    private func unreachable(_ failure: Raw9100Connection.Failure) -> TransportError {
        let reason: String
        switch failure {
        case .connect(let error as NIOConnectionError):
            reason = error.connectionErrors.first.map { "\($0.error)" } ?? "\(error)"
        case .connect(ChannelError.connectTimeout):
            reason = "no answer within \(configuration.connectTimeout.secondsText)"
        case .connect(let error), .closed(let error?):
            reason = "\(error)"
        case .closed(nil):
            reason = "connection closed"
        case .writeTimedOut:
            reason = "write timed out"
        }
        logger.debug("cannot connect to printer", metadata: ["error": "\(reason)"])
        return TransportError(.unreachable, "cannot connect to \(endpoint): \(reason)", underlying: failure)
    }

    func stamped(_ status: PrinterStatus) -> PrinterStatus {
        var status = status
        status.checkedAt = clock.now
        return status
    }

    private static func endpoint(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
