import Core
import Foundation
import GatewayTestSupport
import Logging
import PostgresNIO
import ProcessSupport
import Store
import Testing

/// Real processes: `gateway simulate` on TCP, two `gateway serve` sharing one database, SIGKILL mid-job.
@Suite("Processes: crash recovery over raw TCP 9100", .serialized)
struct CrashRecoveryTests {
    static let window = 4

    @Test("a gateway killed with SIGKILL mid-job: another finishes it, every label printed, duplicates within the window")
    func killMidJob() async throws {
        try await withTestDatabase { database in
            let printer = try await SimulatedLine.start()
            defer { printer.stop() }
            try await database.withClient { client in
                let logger = TestDatabase.logger
                let printers = PrinterRepository(client: client, logger: logger)
                let jobs = JobRepository(client: client, logger: logger)
                _ = try await printers.create(Printer(name: "line1", uri: "raw9100://127.0.0.1:\(printer.port)"))
                func serve(_ owner: String) throws -> GatewayProcess {
                    try Self.serve(owner: owner, database: database, leaseSeconds: 2)
                }
                let gateways = ["gw-a": try serve("gw-a"), "gw-b": try serve("gw-b")]
                defer { gateways.values.forEach { $0.stop() } }

                let labels = (1...200).map { NewLabel(zpl: "^XA^FO50,50^A0N,40,40^FDLabel \($0)^FS^XZ") }
                let job = try await jobs.submit(NewJob(printer: "line1", labels: labels)).job

                let midway = try await eventually(timeout: .seconds(60)) {
                    try await jobs.find(id: job.id)
                } until: { ($0?.printedCount ?? 0) >= 60 }
                #expect((midway?.printedCount ?? 0) >= 60)
                let owner = try #require(try await printers.find(name: "line1")?.drivenBy)
                try #require(gateways[owner] != nil, "the printer is driven by one of the two gateways")
                gateways[owner]!.kill()
                let killedAt = ContinuousClock.now

                let done = try await eventually(timeout: .seconds(90)) {
                    try await jobs.find(id: job.id)
                } until: { $0?.status.isTerminal ?? false }
                let resumedAfter = ContinuousClock.now - killedAt
                #expect(done?.status == .completed)
                #expect(done?.printedCount == 200)

                let claims = try await jobs.events(jobID: job.id).filter { $0.kind == .claimed }
                #expect(Set(claims.compactMap { $0.data["owner"] }).count == 2, "the survivor took the job over")

                // Give the printer time to finish what is in its buffer, then read its own record.
                try await Task.sleep(for: .seconds(1))
                let printed = try Self.printedNumbers(printer.record)
                let counts = Dictionary(printed.map { ($0, 1) }, uniquingKeysWith: +)
                #expect(Set(printed) == Set(1...200), "no label lost")
                let duplicates = printed.count - counts.count
                #expect(duplicates <= Self.window, "duplicates (\(duplicates)) no more than the window")
                print("crash test: \(printed.count) printed, \(duplicates) duplicated, job done \(resumedAfter) after the kill")
            }
        }
    }

    @Test("SIGTERM: the gateway confirms what is in flight, releases its printer and exits 0; another resumes at once")
    func gracefulShutdown() async throws {
        try await withTestDatabase { database in
            let printer = try await SimulatedLine.start()
            defer { printer.stop() }
            try await database.withClient { client in
                let logger = TestDatabase.logger
                let printers = PrinterRepository(client: client, logger: logger)
                let jobs = JobRepository(client: client, logger: logger)
                _ = try await printers.create(Printer(name: "line1", uri: "raw9100://127.0.0.1:\(printer.port)"))
                func serve(_ owner: String) throws -> GatewayProcess {
                    try Self.serve(owner: owner, database: database, leaseSeconds: 60)
                }
                let first = try serve("gw-first")
                defer { first.stop() }
                let labels = (1...200).map { NewLabel(zpl: "^XA^FO50,50^A0N,40,40^FDLabel \($0)^FS^XZ") }
                let job = try await jobs.submit(NewJob(printer: "line1", labels: labels)).job
                _ = try await eventually(timeout: .seconds(60)) { try await jobs.find(id: job.id) } until: {
                    ($0?.printedCount ?? 0) >= 40
                }
                first.kill(signal: SIGTERM)
                let exited = await first.exited(within: .seconds(20))
                #expect(exited, "the gateway exits after SIGTERM")
                #expect(first.process.terminationStatus == 0)
                #expect(first.process.terminationReason == .exit)

                let stopped = try #require(try await jobs.find(id: job.id))
                #expect(stopped.status == .queued, "the job waits for the next gateway")
                #expect(try await printers.find(name: "line1")?.drivenBy == nil, "the lease was released")
                try await Task.sleep(for: .milliseconds(500))
                #expect(try Self.printedNumbers(printer.record).count == stopped.printedCount, "nothing in flight was left unconfirmed")

                let releasedAt = ContinuousClock.now
                let second = try serve("gw-second")
                defer { second.stop() }
                let done = try await eventually(timeout: .seconds(60)) { try await jobs.find(id: job.id) } until: {
                    $0?.status == .completed
                }
                #expect(done?.printedCount == 200)
                let claims = try await jobs.events(jobID: job.id).filter { $0.kind == .claimed }
                #expect(claims.last?.data["owner"] == "gw-second")
                #expect(ContinuousClock.now - releasedAt < .seconds(40), "taken over without waiting out the 60 s lease")
                try await Task.sleep(for: .milliseconds(500))
                let printed = try Self.printedNumbers(printer.record)
                #expect(printed == Array(1...200), "every label once, in order")
            }
        }
    }

    /// A `gateway serve` process on `database` with a fast poll and the test's window.
    static func serve(owner: String, database: TestDatabase, leaseSeconds: Int) throws -> GatewayProcess {
        try GatewayProcess(
            ["serve"],
            environment: [
                "DATABASE_URL": database.url, "GATEWAY_JWT_SECRET": "process-test-secret-0123456789",
                "GATEWAY_HTTP_ADDRESS": "127.0.0.1:\(try freeLoopbackPort())", "GATEWAY_OWNER": owner,
                "GATEWAY_WINDOW": "\(window)", "GATEWAY_LEASE_SECONDS": "\(leaseSeconds)", "GATEWAY_POLL_MS": "50",
                "GATEWAY_CLAIM_SECONDS": "0.2", "GATEWAY_WAIT_SECONDS": "0.5",
            ])
    }

    /// Label numbers in print order, from the simulator's JSON-lines record.
    static func printedNumbers(_ file: URL) throws -> [Int] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let zpl = (object["zpl"] ?? object["format"] ?? object["text"]) as? String,
                let range = zpl.range(of: "^FDLabel ")
            else { return nil }
            return Int(zpl[range.upperBound...].prefix { $0.isNumber })
        }
    }
}

/// A `gateway simulate` process on a free port, recording what it prints. Half-inch labels at 12 in/s:
/// 200 labels take about 8 s.
struct SimulatedLine {
    let process: GatewayProcess
    let port: Int
    let record: URL

    static func start() async throws -> SimulatedLine {
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).jsonl")
        let process = try GatewayProcess([
            "simulate", "--port", "0", "--name", "line1", "--speed-ips", "12", "--label-dots", "150",
            "--record", record.path,
        ])
        let line = try await process.waitForLine(containing: "listening on")
        guard let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw TestSetupError("gateway simulate printed '\(line)'")
        }
        return SimulatedLine(process: process, port: port, record: record)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: record)
    }
}
