import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

/// The API listener of a `gateway serve` process under what kills servers: no file descriptors left, and a stop in
/// the middle of a burst of connections.
@Suite("The API listener in a gateway process")
struct ListenerProcessTests {
    @Test("out of open files, the listener pauses and accepts again once descriptors are free")
    func acceptsAgainAfterRunningOutOfFiles() async throws {
        try await withTestDatabase { database in
            let server = try await GatewayServer.start(databaseURL: database.url)
            defer { server.stop() }
            let pid = server.process.process.processIdentifier
            let port = try #require(server.base.port)
            let limit = try OpenFiles.limit(of: pid)
            // A few descriptors to spare, and far more connections than that: the gateway takes some, `accept`
            // fails with EMFILE for the rest, which wait in the kernel's backlog.
            try OpenFiles.setLimit(of: pid, soft: OpenFiles.count(of: pid) + 12, hard: limit.hard)
            var flood = try (0..<60).map { _ in try RawConnection(port: port) }
            let warned = try await eventually(timeout: .seconds(15), every: .milliseconds(50)) {
                server.process.logLines.first(containing: "cannot accept connections")
            } until: {
                $0 != nil
            }
            #expect(warned != nil, "the gateway logs that it cannot accept")

            try OpenFiles.setLimit(of: pid, soft: limit.soft, hard: limit.hard)
            flood.removeAll()
            let health = try await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
                (try? await server.call("GET", "/health"))?.status ?? 0
            } until: {
                $0 == 200
            }
            #expect(health == 200, "the API answers on a new connection once descriptors are free")
            // The database connections that failed meanwhile come back by themselves.
            let listed = try await eventually(timeout: .seconds(15), every: .milliseconds(200)) {
                (try? await server.call("GET", "/v1/jobs"))?.status ?? 0
            } until: {
                $0 == 200
            }
            #expect(listed == 200, "the database work goes on")
            let added = try await server.call(
                "POST", "/v1/printers", json: ["name": "after-emfile", "uri": "sim://after-emfile"])
            #expect(added.status == 201)
            #expect(server.process.child.isRunning)
        }
    }

    @Test("SIGTERM while the database does not answer: the process ends within seconds, by itself, with status 0")
    func stopsCleanlyWhileMigrating() async throws {
        // Nothing listens on this port: the engine waits in its migrations for the database to answer.
        let unreachable = "postgres://gateway@127.0.0.1:\(try freeLoopbackPort())/gateway?sslmode=disable"
        let process = try GatewayServer.serve(
            databaseURL: unreachable, owner: "gw-stop-migrating", window: 4, leaseSeconds: 5)
        defer { process.stop() }
        let waiting = try await eventually(timeout: .seconds(30), every: .milliseconds(20)) {
            process.logLines.first(containing: "database unreachable")
        } until: {
            $0 != nil
        }
        try #require(waiting != nil, "the gateway did not log that the database is unreachable")
        process.kill(signal: SIGTERM)
        // Each service's call in flight is cancelled (the goodbye to the database has 2 s), not waited out: the
        // database calls' own limit is 30 s.
        let ended = await process.exited(within: .seconds(10))
        try #require(ended, "the gateway did not end within 10 s of SIGTERM")
        #expect(process.process.terminationReason == .exit)
        #expect(process.process.terminationStatus == 0)
        #expect(process.logLines.first(containing: "CancellationError") == nil)
    }

    @Test("SIGTERM while connections pour in: the process ends by itself with status 0", arguments: 1...2)
    func stopsCleanlyWhileConnectionsArrive(round: Int) async throws {
        try await withTestDatabase { database in
            let server = try await GatewayServer.start(databaseURL: database.url, owner: "gw-stop-\(round)")
            defer { server.stop() }
            let flood = ConnectionFlood(port: try #require(server.base.port), threads: 4)
            defer { flood.stop() }
            try await Task.sleep(for: .milliseconds(300))
            #expect(flood.connections > 0, "the flood reached the gateway")
            server.process.kill(signal: SIGTERM)
            let ended = await server.process.exited(within: .seconds(30))
            flood.stop()
            try #require(ended, "the gateway did not end within 30 s of SIGTERM")
            #expect(server.process.process.terminationReason == .exit)
            #expect(server.process.process.terminationStatus == 0)
            #expect(server.process.logLines.first(containing: "Fatal error") == nil)
        }
    }
}

/// Another process's open-file limit and count, read from `/proc` and set with util-linux's `prlimit`.
enum OpenFiles {
    static func limit(of pid: Int32) throws -> (soft: Int, hard: Int) {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        guard let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }) else {
            throw TestSetupError("no open-file limit in /proc/\(pid)/limits")
        }
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        guard numbers.count >= 2 else { throw TestSetupError("cannot read '\(line)'") }
        return (numbers[0], numbers[1])
    }

    static func count(of pid: Int32) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
    }

    static func setLimit(of pid: Int32, soft: Int, hard: Int) throws {
        let (status, output) = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/prlimit"), ["--pid", "\(pid)", "--nofile=\(soft):\(hard)"], timeout: 10)
        guard status == 0 else { throw TestSetupError("prlimit --nofile=\(soft):\(hard) failed: \(output)") }
    }
}
