import Core
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Connections kept open for the API's point reads (a job by its id), one on each event loop, next to the pool.
///
/// A read through the pool leases a connection and gives it back; on each return the pool arms the connection's
/// idle timer, three tasks and a sleep, and cancels it at the next lease: at thousands of reads a second that is
/// most of a read's cost, and a wake-up of another thread for each. The pool cannot keep connections without such
/// timers: with `minimumConnections` set it fails a precondition and stops the process when a lease comes while
/// they reconnect after a database restart. So these connections live outside the pool. A read made on an event
/// loop (the HTTP handlers run on their connection's loop) goes to that loop's connection: the query is written,
/// answered and decoded on one thread. A connection takes several reads at once and answers them in order.
///
/// Nothing depends on them: while a loop's connection is not open (not yet made, lost with a database restart, or
/// failed to connect less than ``retryDelay`` ago), its reads go through the pool and one attempt to connect
/// again starts in the background. A read that fails because its connection closed is read again through the
/// pool, which is safe since it changes nothing.
public final class ReadConnections: Sendable {
    /// How long a loop's reads use the pool after a failed attempt to connect, before the next attempt.
    public static let retryDelay: Duration = .seconds(1)

    private let configuration: PostgresConnection.Configuration
    private let slots: [Slot]
    private let next = Atomic<Int>(0)
    private let logger: Logger

    /// How many connections it keeps at most: one per event loop.
    public var count: Int { slots.count }

    /// One connection for each event loop of `eventLoopGroup`, made at its first read (none before).
    public init(
        configuration: PostgresConnection.Configuration,
        eventLoopGroup: any EventLoopGroup = PostgresClient.defaultEventLoopGroup, logger: Logger
    ) {
        self.configuration = configuration
        self.slots = eventLoopGroup.makeIterator().enumerated().map { Slot(id: $0.offset + 1, eventLoop: $0.element) }
        self.logger = logger
    }

    /// Runs `statement` on this event loop's connection, or through `pool` while it is not open; gives up after
    /// `timeout` as the pool's calls do.
    func run<Statement: PostgresPreparedStatement>(
        _ statement: Statement, pool: PostgresClient, timeout: Duration = defaultCallTimeout
    ) async throws -> [Statement.Row] where Statement.Row: Sendable {
        let slot = slot()
        guard let connection = slot.connection(connect: connect) else {
            return try await pool.run(statement, timeout: timeout, logger: logger)
        }
        do {
            return try await withDeadline(timeout, "a read") { [logger] in
                try await connection.rows(statement, logger: logger)
            }
        } catch {
            let classified = StoreError.classify(error)
            let unavailable = (classified as? StoreError)?.code == .unavailable
            if connection.isClosed || (unavailable && error is PSQLError) {
                // The connection ended under the read: read again through the pool.
                return try await pool.run(statement, timeout: timeout, logger: logger)
            }
            if unavailable {
                // No answer in time: every read queued behind this one would wait as long, so drop the connection.
                logger.warning("read connection dropped", metadata: ["error": "\(classified)"])
                Task { try? await connection.close() }
            }
            throw classified
        }
    }

    /// Closes every connection; reads made after this go through the pool.
    public func close() async {
        for slot in slots {
            guard let connection = slot.shutDown() else { continue }
            _ = try? await withDeadline(.seconds(2), "closing a read connection") { try await connection.close() }
        }
    }

    /// The current event loop's slot; off the loops, each in turn.
    private func slot() -> Slot {
        if let current = MultiThreadedEventLoopGroup.currentEventLoop,
            let slot = slots.first(where: { $0.eventLoop === current })
        {
            return slot
        }
        return slots[next.wrappingAdd(1, ordering: .relaxed).oldValue % slots.count]
    }

    /// Connects `slot` in the background and records the outcome.
    private func connect(_ slot: Slot) {
        let configuration = configuration
        let logger = logger
        Task {
            do {
                let connection = try await withDeadline(.seconds(10), "a connection attempt") {
                    try await PostgresConnection.connect(
                        on: slot.eventLoop, configuration: configuration, id: slot.id, logger: logger
                    ).get()
                }
                if !slot.opened(connection) { try? await connection.close() }
            } catch {
                logger.debug(
                    "read connection not made; reads use the pool for now",
                    metadata: ["error": "\(String(reflecting: error))"])
                slot.failed(retryAfter: .now + Self.retryDelay)
            }
        }
    }
}

/// One event loop's read connection and what is known of it.
private final class Slot: Sendable {
    enum State {
        case unused
        case connecting
        case open(PostgresConnection)
        case failed(retryAfter: ContinuousClock.Instant)
        case shutDown
    }

    let id: Int
    let eventLoop: any EventLoop
    private let state = Mutex(State.unused)

    init(id: Int, eventLoop: any EventLoop) {
        self.id = id
        self.eventLoop = eventLoop
    }

    /// The open connection; nil while there is none, after starting an attempt to make one when it is time.
    func connection(connect: (Slot) -> Void) -> PostgresConnection? {
        let (connection, attempt): (PostgresConnection?, Bool) = state.withLock { state in
            switch state {
            case .open(let connection) where !connection.isClosed:
                return (connection, false)
            case .open, .unused:
                state = .connecting
                return (nil, true)
            case .failed(let retryAfter) where retryAfter <= .now:
                state = .connecting
                return (nil, true)
            case .failed, .connecting, .shutDown:
                return (nil, false)
            }
        }
        if attempt { connect(self) }
        return connection
    }

    /// Keeps `connection`; false when the slot was shut down meanwhile (then the caller closes it).
    func opened(_ connection: PostgresConnection) -> Bool {
        state.withLock { state in
            guard case .connecting = state else { return false }
            state = .open(connection)
            return true
        }
    }

    func failed(retryAfter: ContinuousClock.Instant) {
        state.withLock { state in
            if case .connecting = state { state = .failed(retryAfter: retryAfter) }
        }
    }

    /// Marks the slot shut down and hands back its connection to close.
    func shutDown() -> PostgresConnection? {
        state.withLock { state in
            defer { state = .shutDown }
            if case .open(let connection) = state { return connection }
            return nil
        }
    }
}
