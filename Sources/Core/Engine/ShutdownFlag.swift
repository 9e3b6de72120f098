import Foundation
import Logging
import Synchronization

/// Set once when the process begins a graceful shutdown.
final class ShutdownFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
