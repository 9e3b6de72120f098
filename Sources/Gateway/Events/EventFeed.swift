import Core
import Logging
import PostgresNIO
import ServiceLifecycle
import Store
import Synchronization

/// The outbox's events as they come, for every stream at once. One reader follows the outbox (woken by the
/// database's notification, and every second in case one was missed) and keeps the newest in memory; a stream is
/// served from memory, or from the outbox when its cursor is older than what memory holds. So a thousand streams
/// cost the database one query per batch of new events, and a slow stream holds up no one: each reads at its own
/// pace from its own cursor.
final class EventFeed: Service, Sendable {
    /// Events kept in memory for streams that are nearly caught up.
    static let memory = 2_000
    /// Events read from the outbox at once.
    static let batch = 500

    private struct State {
        /// The newest events, oldest first, sequences increasing.
        var recent: [GatewayEvent] = []
        /// The newest sequence read from the outbox; nil before the first read.
        var last: Int64?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        /// Counts the reads that brought events, so that a wait starting after one knows it is late.
        var generation = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let events: EventRepository
    private let client: PostgresClient
    private let arrived = WakeUpSignal()
    private let logger: Logger
    /// Rung at each notification of a new event too (the webhook deliverer's).
    private let alsoWake: WakeUpSignal?

    init(client: PostgresClient, alsoWake: WakeUpSignal? = nil, logger: Logger) {
        self.client = client
        self.alsoWake = alsoWake
        self.events = EventRepository(client: client, logger: logger)
        self.logger = logger
    }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await cancelWhenGracefulShutdown { await self.listen() } }
            group.addTask { await cancelWhenGracefulShutdown { await self.follow() } }
            await group.waitForAll()
        }
        close()
    }

    /// What a stream gets next: the events after `cursor` (of `types`, when given), oldest first, and the cursor to
    /// ask with next time. With none yet, it waits up to `timeout` and may return none (time for a heartbeat). Nil
    /// once the feed has stopped (the gateway shuts down).
    func next(after cursor: Int64, types: Set<String>?, timeout: Duration) async throws -> (
        events: [GatewayEvent], cursor: Int64
    )? {
        let deadline = ContinuousClock.now + timeout
        var cursor = cursor
        while true {
            let generation = state.withLock { $0.generation }
            guard let served = try await served(after: cursor, types: types) else { return nil }
            if !served.events.isEmpty { return served }
            // Nothing of these types yet: what was read so far is behind this stream, whatever it held.
            cursor = served.cursor
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return ([], cursor) }
            _ = try? await withDeadline(left, timeout: { CancellationError() }) {
                await self.nextArrival(after: generation)
            }
            if state.withLock({ $0.stopped }) { return nil }
        }
    }

    /// The newest sequence: where a stream that asks for no replay starts. Asks the outbox before the first read.
    func lastSequence() async throws -> Int64 {
        if let last = state.withLock({ $0.last }) { return last }
        return try await events.lastSequence()
    }

    /// Ends every stream: the gateway shuts down (the HTTP server waits for its answers to end before the feed's own
    /// service is stopped).
    func close() {
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Events after `cursor` from memory when it holds them all, else from the outbox. Nil when the feed has stopped.
    private func served(after cursor: Int64, types: Set<String>?) async throws -> (
        events: [GatewayEvent], cursor: Int64
    )? {
        enum Source {
            case memory([GatewayEvent], Int64)
            case outbox(upTo: Int64)
            case stopped
        }
        let source: Source = state.withLock { state in
            if state.stopped { return .stopped }
            let last = state.last ?? cursor
            guard cursor < last else { return .memory([], cursor) }
            guard let first = state.recent.first, cursor >= first.sequence - 1 else { return .outbox(upTo: last) }
            let after = state.recent.drop { $0.sequence <= cursor }
            return .memory(after.filter { types?.contains($0.type) ?? true }, last)
        }
        switch source {
        case .stopped:
            return nil
        case .memory(let events, let last):
            return (events, last)
        case .outbox(let last):
            let found = try await events.list(after: cursor, limit: Self.batch, types: types.map { Array($0) })
            // Fewer than a batch: nothing else of these types until `last`.
            let next = found.count < Self.batch ? max(last, found.last?.sequence ?? cursor) : found.last!.sequence
            return (found, next)
        }
    }

    /// Returns once events newer than `generation` have been read (at once if they already are), when the feed
    /// stops, or on cancellation.
    private func nextArrival(after generation: Int) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    if state.stopped || Task.isCancelled || state.generation != generation { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Reads what is new whenever the database says so, or every second.
    private func follow() async {
        while !Task.isCancelled {
            do {
                try await readNew()
            } catch {
                if Task.isCancelled { return }
                logger.warning("could not read new events; trying again", metadata: ["error": "\(error)"])
            }
            await arrived.wait(timeout: .seconds(1))
        }
    }

    private func readNew() async throws {
        var last = state.withLock { $0.last }
        if last == nil {
            last = try await events.lastSequence()
            state.withLock { $0.last = last }
        }
        while true {
            let found = try await events.list(after: last ?? 0, limit: Self.batch)
            guard let newest = found.last else { return }
            last = newest.sequence
            let waiters = state.withLock { state in
                state.recent.append(contentsOf: found)
                if state.recent.count > Self.memory { state.recent.removeFirst(state.recent.count - Self.memory) }
                state.last = newest.sequence
                state.generation += 1
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.resume() }
            if found.count < Self.batch { return }
        }
    }

    /// Rings ``arrived`` at each notification of a new event.
    private func listen() async {
        await NotificationListening.listen(
            on: EventRepository.channel, client: client, logger: logger, interrupted: "event notifications interrupted"
        ) { [arrived, alsoWake] _ in
            arrived.signal()
            alsoWake?.signal()
        }
    }
}
