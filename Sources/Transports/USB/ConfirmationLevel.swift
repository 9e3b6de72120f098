import Core
import Synchronization

/// The confirmation level of a USB device as its last opening found it, readable from any task.
final class ConfirmationLevel: Sendable {
    private let state = Mutex<Confirmation?>(nil)

    /// What the open device gives; ``Core/Confirmation/printed`` before any opening.
    var value: Confirmation { state.withLock { $0 ?? .printed } }

    /// What the last opening found; nil before any.
    var observed: Confirmation? { state.withLock { $0 } }

    func set(_ confirmation: Confirmation) { state.withLock { $0 = confirmation } }
}
