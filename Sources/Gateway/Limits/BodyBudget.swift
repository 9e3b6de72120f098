import Synchronization

/// The bytes of request bodies the gateway holds in memory at once, shared by all requests.
final class BodyBudget: Sendable {
    let capacity: Int
    private let used = Mutex(0)

    init(capacity: Int) { self.capacity = capacity }

    /// Takes `bytes` from the budget when they fit; false (nothing taken) otherwise. One body larger than the whole
    /// budget fits when nothing else is held, so that no allowed body is refused for ever.
    func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard used == 0 || used + bytes <= capacity else { return false }
            used += bytes
            return true
        }
    }

    func release(_ bytes: Int) {
        used.withLock { $0 -= bytes }
    }
}
