import HummingbirdCore
import NIOCore
import Synchronization

/// A connection the listener accepted and set up, until it is served.
///
/// The listener hands each set-up connection to the server's loop, which serves it. A connection whose set-up ends
/// after the listener has closed (a graceful shutdown in the middle of a burst of connections) is dropped unserved,
/// and NIO's writer of its answers would then be released unfinished when the connection becomes active, which stops
/// the process. Dropped unserved, this value closes the connection instead.
final class AcceptedConnection: ServerChildChannelValue {
    private let connection: HTTP1Channel.Value
    private let served = Atomic(false)

    init(_ connection: HTTP1Channel.Value) { self.connection = connection }

    var channel: any Channel { connection.channel }

    /// The connection, to be served by the caller (which finishes its writer and closes it when done).
    func serve() -> HTTP1Channel.Value {
        served.store(true, ordering: .releasing)
        return connection
    }

    deinit {
        guard !served.load(ordering: .acquiring) else { return }
        let unserved = connection
        Task { try? await unserved.executeThenClose { _, _ in } }
    }
}
