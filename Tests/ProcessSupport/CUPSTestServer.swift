import Foundation

/// The private cupsd that scripts/test starts (scripts/cups-test-server.sh): `TEST_CUPS_SOCKET` (its Unix socket),
/// `TEST_CUPS_PORT` (its loopback port) and `TEST_CUPS_DIR` (its folder). Queues are administered with the CUPS
/// command-line tools over the socket, as an operator would.
public struct CUPSTestServer: Sendable {
    public let socket: String
    public let port: Int
    public let directory: String

    public static func shared() throws -> CUPSTestServer {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["TEST_CUPS_SOCKET"], let port = environment["TEST_CUPS_PORT"].flatMap(Int.init),
            let directory = environment["TEST_CUPS_DIR"]
        else {
            throw ChildProcessError(
                "TEST_CUPS_SOCKET, TEST_CUPS_PORT and TEST_CUPS_DIR are not set: run the tests with scripts/test, "
                    + "which starts a private cupsd (scripts/cups-test-server.sh)")
        }
        return CUPSTestServer(socket: socket, port: port, directory: directory)
    }

    /// How scripts/cups-test-server.sh configures a cupsd.
    public enum Configuration: String, Sendable {
        /// Debian's own cupsd.conf and cups-files.conf (listen addresses, paths and user changed): the policies
        /// and defaults of a site. It writes queues and jobs to disk lazily (at most 30 s late), so a crash loses
        /// what it had not written yet.
        case stock
        /// Every operation open to local clients, state written at once.
        case tuned
    }

    /// Starts another private cupsd in a fresh folder on a free port, for a test that stops and starts it.
    public static func startPrivate(_ configuration: Configuration = .stock) throws -> CUPSTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cupsd-\(shortID())").path
        let port = try freeLoopbackPort()
        try runScript(["start", directory, "\(port)", configuration.rawValue])
        return CUPSTestServer(socket: directory + "/cups.sock", port: port, directory: directory)
    }

    /// Waits until cupsd has written `queue` to its printers.conf, as it has long done for a site's queue, so
    /// that a crash keeps it. The stock configuration writes it within 30 s (`DirtyCleanInterval`).
    public func waitUntilSaved(_ queue: String, timeout: Duration = .seconds(45)) async throws {
        let file = directory + "/etc/printers.conf"
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
                text.contains("<Printer \(queue)>") || text.contains("<DefaultPrinter \(queue)>")
            {
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw ChildProcessError("cupsd in \(directory) did not write queue \(queue) to \(file) within \(timeout)")
    }

    /// True while this cupsd runs and answers (`lpstat -r`).
    public func isRunning() -> Bool {
        guard let path = Self.toolPath("lpstat"),
            let answer = try? ChildProcess.run(URL(fileURLWithPath: path), ["-h", socket, "-r"], timeout: 30)
        else { return false }
        return answer.status == 0 && answer.output.contains("scheduler is running")
    }

    public func start() throws { try Self.runScript(["start", directory, "\(port)"]) }
    public func stop() throws { try Self.runScript(["stop", directory]) }
    /// Kills cupsd at once, as a crash would (a stop waits for the jobs it is sending).
    public func kill() throws { try Self.runScript(["kill", directory]) }

    /// Adds a raw queue sending to `socket://127.0.0.1:PORT` (the simulated printer), enabled and accepting.
    public func addRawQueue(_ name: String, printerPort: Int) throws {
        try admin("lpadmin", ["-p", name, "-E", "-v", "socket://127.0.0.1:\(printerPort)", "-m", "raw"])
    }

    public func deleteQueue(_ name: String) { try? admin("lpadmin", ["-x", name]) }
    public func disable(_ name: String) throws { try admin("cupsdisable", [name]) }
    public func enable(_ name: String) throws { try admin("cupsenable", [name]) }
    public func reject(_ name: String) throws { try admin("cupsreject", [name]) }
    public func accept(_ name: String) throws { try admin("cupsaccept", [name]) }

    /// Runs a CUPS administration tool against this server; retries while a cupsd that has just started
    /// still answers service-unavailable.
    public func admin(_ tool: String, _ arguments: [String]) throws {
        for attempt in 1...30 {
            do {
                return try Self.run(tool, ["-h", socket] + arguments)
            } catch let error as ChildProcessError
                where error.description.contains("service-unavailable") && attempt < 30
            {
                usleep(100_000)
            }
        }
    }

    public static func run(_ tool: String, _ arguments: [String]) throws {
        guard let path = toolPath(tool) else { throw ChildProcessError("\(tool) not found: install cups-client") }
        let (status, output) = try ChildProcess.run(URL(fileURLWithPath: path), arguments, timeout: 60)
        guard status == 0 else {
            throw ChildProcessError("\(tool) \(arguments.joined(separator: " ")) failed: \(output)")
        }
    }

    static func toolPath(_ tool: String) -> String? {
        ["/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"].map { $0 + tool }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// scripts/cups-test-server.sh, found from this file's place in the repository.
    public static func runScript(_ arguments: [String]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        try run("bash", [root.appendingPathComponent("scripts/cups-test-server.sh").path] + arguments)
    }

    public static func shortID() -> String { String(UUID().uuidString.prefix(8)).lowercased() }
}
