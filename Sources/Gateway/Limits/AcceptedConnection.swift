import HummingbirdCore
import NIOCore
import Synchronization

/// A connection the listener accepted and set up, until it is served.
///
/// The listener hands each set-up connection to the server's loop through a buffer, and the loop serves it. When the
/// task running the server is cancelled, the connections still in that buffer are dropped unserved, and so is one
/// whose set-up ends after the listener closed (NIO issue 2813). NIO's writer of a dropped connection's answers is then
/// released unfinished when the connection becomes active, which stops the process. Dropped unserved, this value
/// closes the connection instead.
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
