import Foundation
import GatewayTestSupport
import ProcessSupport

/// A `gateway` subcommand running as its own process, as an operator would start it.
final class GatewayProcess: @unchecked Sendable {
    let child: ChildProcess
    var process: Process { child.process }
    let output = Pipe()
    let errorOutput = Pipe()
    private let lines = LineCollector()
    /// Standard error (the log), line by line; it is passed on to the test's own standard error too.
    let logLines = LineCollector()

    /// The built `gateway` executable: `GATEWAY_BIN` (set by scripts/test) or `.build/debug/gateway`.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["GATEWAY_BIN"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
            ".build/debug/gateway")
    }

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw TestSetupError("no gateway executable at \(Self.executable.path): build it first (scripts/test does)")
        }
        child = ChildProcess(Self.executable, arguments)
        var env = ProcessInfo.processInfo.environment
        env["LOG_LEVEL"] = env["TEST_GATEWAY_LOG_LEVEL"] ?? "warning"
        env.merge(environment) { _, new in new }
        process.environment = env
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        process.standardOutput = output
        process.standardError = errorOutput
        try child.start()
        readToEnd(output.fileHandleForReading, onData: lines.append)
        readToEnd(errorOutput.fileHandleForReading) { [logLines] data in
            logLines.append(data)
            FileHandle.standardError.write(data)
        }
    }

    /// Waits for a line of standard output containing `text` and returns it.
    func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(containing: text) { return line }
            guard child.isRunning else {
                throw TestSetupError("gateway \(process.arguments ?? []) exited with \(process.terminationStatus)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSetupError("gateway \(process.arguments ?? []) did not print '\(text)' in time")
    }

    func kill(signal: Int32 = SIGKILL) { child.signal(signal) }

    /// Waits up to `timeout` for the process to end; true when it has.
    func exited(within timeout: Duration) async -> Bool { await child.exited(within: timeout) }

    func stop() {
        child.stop()
    }
}

/// Standard output gathered line by line from another thread.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    private var lines: [String] = []

    func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        buffer += String(decoding: data, as: UTF8.self)
        while let newline = buffer.firstIndex(of: "\n") {
            lines.append(String(buffer[..<newline]))
            buffer = String(buffer[buffer.index(after: newline)...])
        }
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    func first(containing text: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return lines.first { $0.contains(text) }
    }
}
