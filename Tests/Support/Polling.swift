import Foundation

/// Polls `condition` until it holds or `timeout` passes; returns its last value. For waiting on other processes.
public func eventually<T: Sendable>(
    timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(50),
    _ probe: () async throws -> T, until condition: (T) -> Bool
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    var value = try await probe()
    while !condition(value), ContinuousClock.now < deadline {
        try await Task.sleep(for: interval)
        value = try await probe()
    }
    return value
}
