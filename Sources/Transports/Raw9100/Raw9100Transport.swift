import Core
import Logging
import NIOCore
import NIOPosix

/// Prints ZPL over a raw TCP connection to a printer's port 9100: the ``Core/ZPLDriver`` over a socket, so labels
/// are confirmed from `~HS` on the same connection, and a silent `~HS` is followed by `~HQES`.
public struct Raw9100Transport: ZPLTransport {
    public let confirmation = Confirmation.printed
    public let driver: ZPLDriver<Raw9100Device>
    private let logger: Logger

    public init(
        host: String,
        port: Int = 9100,
        configuration: Configuration = Configuration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any GatewayClock = SystemClock(),
        logger: Logger
    ) {
        var logger = logger
        if logger[metadataKey: "transport.uri"] == nil {
            logger[metadataKey: "transport.uri"] = "raw9100://\(Raw9100Device.name(host: host, port: port))"
        }
        self.logger = logger
        let device = Raw9100Device(
            host: host, port: port, configuration: configuration, group: eventLoopGroup, logger: logger)
        self.driver = ZPLDriver(device: device, configuration: configuration.driver, clock: clock, logger: logger)
    }

    public var host: String { driver.device.host }
    public var port: Int { driver.device.port }
    public var configuration: Configuration { driver.device.configuration }
    /// `host:port`, with brackets around an IPv6 address.
    public var endpoint: String { driver.device.name }

    public func open() async throws {
        do {
            try await driver.open()
        } catch let error as TransportError where error.code == .connectionLost {
            throw TransportError(.unreachable, "\(endpoint) closed the connection at once", underlying: error)
        }
        logger.info("connected to printer")
    }

    public func close() async {
        if await driver.close() { logger.info("connection to printer closed") }
    }
}
