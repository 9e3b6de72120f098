import CCUPS
import Dispatch

/// Runs libcups's blocking calls one at a time on a serial dispatch queue of their own, never on the Swift
/// cooperative pool or an event loop. libcups keeps its last error and password callback per thread, so each
/// call reads its error on the thread that made the request.
final class CUPSCallQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Runs `body` on the queue and returns its result; its error is rethrown as it is.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            queue.async {
                // Never let libcups prompt on a terminal for a password: refuse instead.
                cupsSetPasswordCB2({ _, _, _, _, _ in nil }, nil)
                do {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
