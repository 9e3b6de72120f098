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

/// One ``ConfirmationLevel`` per device address, shared by every transport the factory makes for it.
final class ConfirmationLevels: Sendable {
    private let levels = Mutex<[String: ConfirmationLevel]>([:])

    func level(for address: USBAddress) -> ConfirmationLevel {
        levels.withLock { levels in
            if let level = levels[address.description] { return level }
            let level = ConfirmationLevel()
            levels[address.description] = level
            return level
        }
    }

    func observed(for address: USBAddress) -> Confirmation? {
        levels.withLock { $0[address.description]?.observed }
    }
}
