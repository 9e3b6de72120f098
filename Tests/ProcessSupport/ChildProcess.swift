import Foundation

/// A program the tests start, with a bounded wait for its end.
///
/// The end is learnt from `Process.terminationHandler`, set before the program starts so a program that exits at
/// once is not missed. `Process.waitUntilExit()` is never used: on Linux it spins a run loop and, called off the
/// main thread, can wait forever for a program that has already exited, hanging the whole test run.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let state = ExitState()

    /// Prepares `executable` with `arguments`; set up its pipes on `process`, then call ``start()``.
    public init(_ executable: URL, _ arguments: [String] = []) {
        process.executableURL = executable
        process.arguments = arguments
        process.terminationHandler = { [state] _ in state.markEnded() }
    }

    public func start() throws { try process.run() }

    public var isRunning: Bool { !state.hasEnded }

    /// Blocks up to `timeout` for the program's end; true when it has ended.
    @discardableResult
    public func waitForExit(timeout: TimeInterval) -> Bool { state.wait(until: Date().addingTimeInterval(timeout)) }

    /// Waits up to `timeout` for the program's end without holding a thread; true when it has ended.
    public func exited(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    public func signal(_ number: Int32) {
        guard isRunning else { return }
        kill(process.processIdentifier, number)
    }

    /// SIGTERM, then SIGKILL after `grace`; returns once the program has ended (or after 10 s more, if even
    /// SIGKILL is not reported).
    public func stop(grace: TimeInterval = 5) {
        guard isRunning else { return }
        signal(SIGTERM)
        if waitForExit(timeout: grace) { return }
        signal(SIGKILL)
        waitForExit(timeout: 10)
    }

    /// Runs a program to its end and returns its exit status and everything it wrote (standard output and
    /// error together). `environment` is added to this process's. Past `timeout` it is killed and
    /// ``ChildProcessError`` thrown.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> (status: Int32, output: String) {
        let child = ChildProcess(executable, arguments)
        if !environment.isEmpty {
            child.process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let pipe = Pipe()
        child.process.standardOutput = pipe
        child.process.standardError = pipe
        child.process.standardInput = FileHandle.nullDevice
        let output = OutputBuffer()
        try child.start()
        readToEnd(pipe.fileHandleForReading, onData: output.append, onEnd: output.markEnd)
        guard child.waitForExit(timeout: timeout) else {
            child.signal(SIGKILL)
            child.waitForExit(timeout: 10)
            throw ChildProcessError(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s; "
                    + "it wrote: \(output.text.suffix(2000))")
        }
        // What the program wrote last may still be in the pipe; a program it left running may hold the pipe open,
        // so this wait is bounded too.
        output.waitForEnd(timeout: 2)
        return (child.process.terminationStatus, output.text)
    }
}

/// Reads `handle` on a thread of its own until the end of the stream, passing each chunk to `onData`, then calls
/// `onEnd`.
///
/// Not `FileHandle.readabilityHandler`: on Linux its dispatch source can outlive the descriptor when the handle is
/// released, and libdispatch then brings the whole test process down ("Bad pointer dereference" in
/// `_dispatch_event_loop_drain`, seen once while a test's gateway process ended). The thread holds the handle, so
/// its descriptor stays open until the thread is done with it.
public func readToEnd(
    _ handle: FileHandle, onData: @escaping @Sendable (Data) -> Void, onEnd: @escaping @Sendable () -> Void = {}
) {
    let thread = Thread {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(handle.fileDescriptor, &buffer, buffer.count)
            if count > 0 {
                onData(Data(buffer[..<count]))
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        onEnd()
    }
    thread.name = "child output"
    thread.start()
}

/// Whether a program has ended, set from Foundation's thread.
final class ExitState: @unchecked Sendable {
    private let condition = NSCondition()
    private var ended = false

    func markEnded() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    var hasEnded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ended
    }

    func wait(until deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !ended {
            if !condition.wait(until: deadline) { return ended }
        }
        return true
    }
}

/// Bytes gathered from another thread, until the end of the stream.
final class OutputBuffer: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var ended = false

    func append(_ more: Data) {
        condition.lock()
        data.append(more)
        condition.unlock()
    }

    func markEnd() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    func waitForEnd(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !ended, condition.wait(until: deadline) {}
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
