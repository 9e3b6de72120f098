import Core
import Synchronization

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
