import Core
import Logging
import NIOCore
import NIOPosix

/// A printer on a raw TCP port as the ZPL driver reaches it: connections to `host:port`, and the words for one
/// that cannot be made or breaks.
public struct Raw9100Device: ZPLDevice {
    let host: String
    let port: Int
    let configuration: Raw9100Transport.Configuration
    let group: any EventLoopGroup
    let logger: Logger

    /// `host:port`, with brackets around an IPv6 address.
    public var name: String { Self.name(host: host, port: port) }

    static func name(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public func connect() async throws(TransportError) -> Raw9100Connection {
        do {
            return try await Raw9100Connection.connect(
                host: host, port: port, timeout: configuration.connectTimeout, group: group)
        } catch {
            throw unreachable(error)
        }
    }

    public func failure(_ failure: Raw9100Connection.Failure, while activity: ZPLActivity) -> TransportError {
        switch (activity, failure) {
        case (.sending(let label), .writeTimedOut):
            TransportError(
                .timeout,
                "\(name) did not take label \(label.number) within \(configuration.driver.writeTimeout.secondsText)")
        case (.sending(let label), _):
            TransportError(
                .connectionLost, "connection to \(name) broke while sending label \(label.number)",
                underlying: failure.underlying)
        case (.asking(let command), _):
            TransportError(
                .connectionLost, "connection to \(name) broke while asking \(command)", underlying: failure)
        }
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
        return TransportError(.unreachable, "cannot connect to \(name): \(reason)", underlying: failure)
    }
}

extension Raw9100Connection.Failure {
    /// The error beneath this one, when there is one.
    var underlying: (any Error)? {
        switch self {
        case .connect(let error): error
        case .closed(let error): error
        case .writeTimedOut: nil
        }
    }
}
