import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

/// The built `gateway` run as an operator runs it against a `gateway serve` process: `GATEWAY_URL` and a token it
/// signs from `GATEWAY_JWT_SECRET`, in a directory with no `.env`.
struct OperatorCLI {
    let server: GatewayServer
    var environment: [String: String]

    init(server: GatewayServer) {
        self.server = server
        environment = [
            "GATEWAY_URL": server.base.absoluteString, "GATEWAY_JWT_SECRET": GatewayServer.secret,
            "GATEWAY_TOKEN": "",
        ]
    }

    /// What a finished command wrote, and its exit status.
    struct Result: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
        var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// A command still running.
    final class Running: Sendable {
        let child: ChildProcess
        let stdout = Captured()
        let stderr = Captured()

        init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
            child = ChildProcess(executable, arguments)
            child.process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            child.process.currentDirectoryURL = FileManager.default.temporaryDirectory
            let (out, err) = (Pipe(), Pipe())
            child.process.standardOutput = out
            child.process.standardError = err
            child.process.standardInput = FileHandle.nullDevice
            try child.start()
            readToEnd(out.fileHandleForReading, onData: stdout.append, onEnd: stdout.end)
            readToEnd(err.fileHandleForReading, onData: stderr.append, onEnd: stderr.end)
        }

        /// Waits for the end (killing it past `timeout`) and what it wrote.
        func finish(timeout: Duration = .seconds(120)) async throws -> Result {
            guard await child.exited(within: timeout) else {
                child.signal(SIGKILL)
                _ = await child.exited(within: .seconds(10))
                throw TestSetupError("gateway \(child.process.arguments ?? []) did not end; it wrote: \(stdout.text)")
            }
            for output in [stdout, stderr] { await output.waitForEnd() }
            return Result(status: child.process.terminationStatus, stdout: stdout.text, stderr: stderr.text)
        }
    }

    /// Bytes from a pipe, gathered on another thread.
    final class Captured: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private var ended = false

        @Sendable func append(_ more: Data) { lock.withLock { data.append(more) } }
        @Sendable func end() { lock.withLock { ended = true } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
        var hasEnded: Bool { lock.withLock { ended } }

        func waitForEnd() async {
            let deadline = ContinuousClock.now + .seconds(5)
            while !hasEnded, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }

    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Running {
        try Running(GatewayProcess.executable, arguments, environment: environment.merging(extra) { _, new in new })
    }

    /// Runs `gateway ARGUMENTS` to its end, its output on pipes (not a terminal).
    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Result {
        try await start(arguments, environment: extra).finish()
    }

    /// Runs `gateway ARGUMENTS` on a pseudo-terminal (`script -qec`), as in an operator's shell; the output is what
    /// the terminal received.
    func runOnTerminal(_ arguments: [String]) async throws -> Result {
        let command = ([GatewayProcess.executable.path] + arguments).map(Self.quoted).joined(separator: " ")
        let running = try Running(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"],
            environment: environment.merging(["TERM": "xterm", "COLUMNS": "80"]) { _, new in new })
        return try await running.finish()
    }

    private static func quoted(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A gateway on a fresh database with two simulated printers: `fast` (a label in 0.04 s) and `slow` (0.5 s), and the
/// repository's templates.
func withOperatorGateway(_ body: (OperatorCLI, GatewayServer) async throws -> Void) async throws {
    try await withTestDatabase { database in
        let templates = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
            "templates")
        let server = try await GatewayServer.start(
            databaseURL: database.url, environment: ["GATEWAY_TEMPLATES_DIR": templates.path])
        defer { server.stop() }
        try await server.addPrinter("fast", uri: "sim://fast?speed_ips=12&label_dots=150")
        try await server.addPrinter("slow", uri: "sim://slow?speed_ips=2&label_dots=300")
        try await body(OperatorCLI(server: server), server)
    }
}

/// `count` numbered labels in one ZPL file, as a label program writes them; the file's URL.
func zplFile(labels count: Int, prefix: String = "Label ") throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).zpl")
    try numberedLabels(count, prefix: prefix).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    return file
}

/// Whether the OpenAPI document the gateway serves (built from `Sources/Gateway/OpenAPI/openapi.json`) lists
/// `path`: the operator commands whose routes the server does not have yet are tested once it does.
func apiLists(_ path: String) -> Bool {
    let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Gateway/OpenAPI/openapi.json")
    guard let data = try? Data(contentsOf: document),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let paths = object["paths"] as? [String: Any]
    else { return false }
    return paths[path] != nil
}
