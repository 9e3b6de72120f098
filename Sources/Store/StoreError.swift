import Core
import PostgresNIO

/// Code that imports Store alone names Core's error by this name.
public typealias StoreError = Core.StoreError

extension StoreError {
    /// Classifies a PostgresNIO error: connection trouble is `unavailable`; anything else is passed on.
    static func classify(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") {
            // The pool's own errors (circuit breaker tripped, request cancelled, pool shut down): no connection.
            return StoreError(.unavailable, "the database is unavailable", underlying: error)
        }
        if let transaction = error as? PostgresTransactionError {
            return classify(transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error)
        }
        if let psql = error as? PSQLError {
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                return StoreError(.unavailable, "the database is unavailable", underlying: error)
            case .server:
                // 57P01 admin shutdown, 57P03 cannot connect now, 08xxx connection exceptions.
                let sqlState = psql.serverInfo?[.sqlState] ?? ""
                if sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") {
                    return StoreError(.unavailable, "the database is unavailable", underlying: error)
                }
            default: break
            }
        }
        return error
    }
}

/// How long one database call may wait before it fails as unavailable, unless the caller says otherwise.
public let defaultCallTimeout: Duration = .seconds(30)

/// Runs `operation`, failing with ``StoreError/Code/unavailable`` after `limit` (see Core's `withDeadline`).
///
/// No caller waits for ever on the database: a request the client never answers (seen after a restart of
/// PostgreSQL, and when a connection attempt is cancelled mid-handshake) would otherwise hold a printer's worker,
/// an HTTP request or the gateway's shutdown. A late engine write does no harm (it is fenced by the lease token); a
/// submission that lands late is found again by its `idempotency_key`, when the client sent one.
func withDeadline<Result: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await Core.withDeadline(
        limit, timer: EventLoopDeadlineTimer(),
        timeout: { StoreError(.unavailable, "the database did not answer \(what) within \(limit)") }, operation)
}

/// The limits of database calls, kept on the database client's event loops. Nearly every call ends well before its
/// limit and cancels it; a cancelled scheduled task leaves the loop at once, where a cancelled sleeping task would
/// stay queued, and hold its memory, for the whole limit: at a few thousand calls a second, tens of megabytes.
struct EventLoopDeadlineTimer: DeadlineTimer {
    var eventLoopGroup: any EventLoopGroup = PostgresClient.defaultEventLoopGroup

    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let scheduled = eventLoopGroup.any().scheduleTask(in: TimeAmount(delay)) { action() }
        return { scheduled.cancel() }
    }
}

extension PostgresClient {
    /// Runs `body` in a transaction, turning connection failures into ``StoreError/unavailable``; gives up after
    /// `timeout`.
    func transaction<Result: Sendable>(
        logger: Logger, timeout: Duration = defaultCallTimeout,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withDeadline(timeout, "a transaction") {
            do {
                return try await self.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch {
                throw StoreError.classify(error)
            }
        }
    }

    /// Runs one statement, turning connection failures into ``StoreError/unavailable``; gives up after `timeout`.
    func run(_ query: PostgresQuery, timeout: Duration = defaultCallTimeout, logger: Logger) async throws
        -> [PostgresRow]
    {
        try await withDeadline(timeout, "a query") {
            do {
                return try await self.query(query, logger: logger).collect()
            } catch {
                throw StoreError.classify(error)
            }
        }
    }

    /// Runs a prepared statement (prepared on each connection at its first use), turning connection failures into
    /// ``StoreError/unavailable``; gives up after `timeout`.
    func run<Statement: PostgresPreparedStatement>(
        _ statement: Statement, timeout: Duration = defaultCallTimeout, logger: Logger
    ) async throws -> [Statement.Row] where Statement.Row: Sendable {
        try await withDeadline(timeout, "a query") {
            do {
                var rows: [Statement.Row] = []
                for try await row in try await self.execute(statement, logger: logger) { rows.append(row) }
                return rows
            } catch {
                throw StoreError.classify(error)
            }
        }
    }
}

extension PostgresConnection {
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// The rows of a prepared statement (prepared on this connection at its first use).
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws
        -> [Statement.Row]
    {
        var rows: [Statement.Row] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}
