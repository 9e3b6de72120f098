import Foundation
import Synchronization

/// Threads that open connections to `port` and close them at once, as fast as they can, until stopped.
public final class ConnectionFlood: Sendable {
    private let stopped = Atomic(false)
    private let opened = Atomic(0)
    private let running = Atomic(0)

    public init(port: Int, threads: Int) {
        for _ in 0..<threads {
            running.add(1, ordering: .relaxed)
            Thread { [self] in
                while !stopped.load(ordering: .relaxed) {
                    if (try? RawConnection(port: port)) != nil { opened.add(1, ordering: .relaxed) }
                }
                running.subtract(1, ordering: .relaxed)
            }.start()
        }
    }

    /// Connections opened so far.
    public var connections: Int { opened.load(ordering: .relaxed) }

    /// Stops the threads and waits (2 s at most) until they have.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        let deadline = Date().addingTimeInterval(2)
        while running.load(ordering: .relaxed) > 0, Date() < deadline { usleep(1000) }
    }
}
