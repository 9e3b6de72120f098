import Core
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A simulated printer on a real TCP port, as a Zebra listens on 9100: bytes from each connection go into the
/// ``SimulatedPrinter`` and its status answers go back on the same connection.
///
/// Faults are real on the wire: while `refuse` is in effect the server stops listening (connections are
/// refused by the kernel) and listens again on the same port afterwards; `reset@K` closes the connection
/// with a TCP reset after K bytes; `silent` answers nothing.
public final class SimulatedPrinterServer: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    /// Accepted channels are wrapped only once they are served (a wrapper dropped unused would trap); until then a
    /// ``HoldingHandler`` keeps what they receive.
    typealias Listener = NIOAsyncChannel<any Channel, Never>

    private struct State {
        var listener: (any Channel)? = nil
        var connections: [ObjectIdentifier: any Channel] = [:]
        var task: Task<Void, Never>? = nil
        var stopped = false
    }

    public let printer: SimulatedPrinter
    public let port: Int
    private let host: String
    private let logger: Logger
    private let state = Mutex(State())
    /// How often the server looks whether a refusal has begun or ended.
    private static let refusalPoll = Duration.milliseconds(20)

    private init(printer: SimulatedPrinter, host: String, port: Int, logger: Logger) {
        self.printer = printer
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Listens on `host:port` (port 0 picks a free port, see ``port``) and serves `printer` until ``stop()``.
    public static func start(
        printer: SimulatedPrinter, host: String = "127.0.0.1", port: Int = 0, logger: Logger
    ) async throws -> SimulatedPrinterServer {
        let listener = try await bind(host: host, port: port)
        guard let boundPort = listener.channel.localAddress?.port else {
            try? await listener.channel.close()
            throw TransportError(.failed, "the simulated printer's socket on \(host):\(port) has no port")
        }
        var logger = logger
        logger[metadataKey: "printer.name"] = "\(printer.name)"
        let server = SimulatedPrinterServer(
            printer: printer, host: host, port: boundPort, logger: logger)
        var first: Listener? = listener
        if await printer.isRefusingConnections {
            try? await listener.channel.close()
            first = nil
        }
        let task = Task { [first] in await server.run(first: first) }
        server.state.withLock { $0.task = task }
        logger.info(
            "simulated printer listening", metadata: ["printer.address": "\(host):\(boundPort)"])
        return server
    }

    /// Stops listening, closes every connection and waits until the server has wound down.
    public func stop() async throws {
        let (task, listener, connections) = state.withLock { state in
            state.stopped = true
            return (state.task, state.listener, Array(state.connections.values))
        }
        task?.cancel()
        try? await listener?.close()
        for connection in connections { try? await connection.close() }
        await task?.value
    }

    private static func bind(host: String, port: Int) async throws -> Listener {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 64)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.autoRead, value: false)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HoldingHandler(), name: Self.holdingHandlerName)
                    return channel
                }
            }
    }

    private static let holdingHandlerName = "holding"

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// Listens while the printer accepts connections, and listens again when a refusal ends.
    private func run(first: Listener?) async {
        await withDiscardingTaskGroup { group in
            var listener: Listener? = first
            while !Task.isCancelled && !isStopped {
                if await printer.isRefusingConnections {
                    if let active = listener {
                        logger.info("simulated printer refuses connections")
                        try? await active.channel.close()
                        listener = nil
                    }
                    try? await Task.sleep(for: Self.refusalPoll)
                    continue
                }
                if listener == nil { listener = try? await Self.bind(host: host, port: port) }
                guard let active = listener else {
                    logger.warning(
                        "simulated printer cannot listen again", metadata: ["printer.port": "\(port)"])
                    try? await Task.sleep(for: .milliseconds(200))
                    continue
                }
                listener = nil
                let channel = active.channel
                let stopped = state.withLock { state in
                    state.listener = channel
                    return state.stopped
                }
                if stopped {
                    try? await channel.close()
                    break
                }
                group.addTask { await self.closeWhenRefusing(channel) }
                do {
                    try await active.executeThenClose { inbound in
                        for try await connection in inbound {
                            group.addTask { await self.serve(connection) }
                        }
                    }
                } catch {
                    logger.debug("simulated printer stopped listening", metadata: ["error": "\(error)"])
                }
                state.withLock { $0.listener = nil }
            }
        }
    }

    /// Closes the listening socket once a refusal begins, so that connections are refused for real.
    private func closeWhenRefusing(_ listener: any Channel) async {
        while listener.isActive {
            do { try await Task.sleep(for: Self.refusalPoll) } catch { return }
            if await printer.isRefusingConnections {
                try? await listener.close()
                return
            }
        }
    }

    private func serve(_ channel: any Channel) async {
        if await printer.isRefusingConnections {
            await Self.abort(channel)
            return
        }
        let connection: Connection
        do {
            // Wrapped and handed what arrived meanwhile in one turn of the event loop, so nothing comes between.
            connection = try await channel.eventLoop.submit {
                let connection = try Connection(wrappingChannelSynchronously: channel)
                let holding = try channel.pipeline.syncOperations.context(name: Self.holdingHandlerName)
                channel.pipeline.syncOperations.removeHandler(context: holding, promise: nil)
                return connection
            }.get()
            try await channel.setOption(.autoRead, value: true).get()
        } catch {
            try? await channel.close()
            return
        }
        let key = ObjectIdentifier(channel)
        state.withLock { $0.connections[key] = channel }
        let id = await printer.connect()
        var logger = logger
        logger[metadataKey: "printer.connection"] = "\(id)"
        logger.debug(
            "connection opened", metadata: ["peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await buffer in inbound {
                    let reception = await printer.consume(Array(buffer.readableBytesView), connection: id)
                    if !reception.answer.isEmpty {
                        try await outbound.write(ByteBuffer(bytes: reception.answer))
                    }
                    if reception.connectionReset {
                        logger.info("simulated printer resets the connection")
                        await Self.abort(channel)
                        return
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
        await printer.disconnect(id)
        state.withLock { _ = $0.connections.removeValue(forKey: key) }
    }

    /// Closes a connection with a TCP reset rather than an orderly close.
    private static func abort(_ channel: any Channel) async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(NIOLinger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }
}
