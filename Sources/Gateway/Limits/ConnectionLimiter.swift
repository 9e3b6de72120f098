import Synchronization

/// Counts the API listener's open connections, in all and per peer address, and says whether one more may stay.
final class ConnectionLimiter: Sendable {
    let maximum: Int
    let maximumPerClient: Int

    private struct Counts {
        var total = 0
        var perClient: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    init(maximum: Int, maximumPerClient: Int) {
        self.maximum = maximum
        self.maximumPerClient = maximumPerClient
    }

    /// Counts a new connection from `client` when both caps leave room for it; false (nothing counted) otherwise.
    func open(_ client: String?) -> Bool {
        counts.withLock { counts in
            let fromClient = client.map { counts.perClient[$0, default: 0] } ?? 0
            guard counts.total < maximum, fromClient < maximumPerClient else { return false }
            counts.total += 1
            if let client { counts.perClient[client] = fromClient + 1 }
            return true
        }
    }

    /// Forgets a connection that ``open(_:)`` counted.
    func close(_ client: String?) {
        counts.withLock { counts in
            counts.total -= 1
            guard let client, let count = counts.perClient[client] else { return }
            counts.perClient[client] = count > 1 ? count - 1 : nil
        }
    }

    /// Connections open now.
    var openCount: Int { counts.withLock { $0.total } }
}
