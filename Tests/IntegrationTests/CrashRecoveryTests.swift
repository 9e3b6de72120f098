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

    @Test(
        "a gateway killed with SIGKILL mid-job: another finishes it, every label printed, duplicates within the window")
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
                    try GatewayServer.serve(
                        databaseURL: database.url, owner: owner, window: Self.window, leaseSeconds: 2)
                }
                let gateways = ["gw-a": try serve("gw-a"), "gw-b": try serve("gw-b")]
                defer { gateways.values.forEach { $0.stop() } }

                let labels = numberedLabels(200).map { NewLabel(zpl: $0) }
                let job = try await jobs.submit(NewJob(printer: "line1", labels: labels)).job

                let midway = try await eventually(timeout: .seconds(60)) {
                    try await jobs.find(id: job.id)
                } until: {
                    ($0?.printedCount ?? 0) >= 60
                }
                #expect((midway?.printedCount ?? 0) >= 60)
                let owner = try #require(try await printers.find(name: "line1")?.drivenBy)
                try #require(gateways[owner] != nil, "the printer is driven by one of the two gateways")
                gateways[owner]!.kill()
                let killedAt = ContinuousClock.now

                let done = try await eventually(timeout: .seconds(90)) {
                    try await jobs.find(id: job.id)
                } until: {
                    $0?.status.isTerminal ?? false
                }
                let resumedAfter = ContinuousClock.now - killedAt
                #expect(done?.status == .completed)
                #expect(done?.printedCount == 200)

                let claims = try await jobs.events(jobID: job.id).filter { $0.kind == .claimed }
                #expect(Set(claims.compactMap { $0.data["owner"] }).count == 2, "the survivor took the job over")

                // Give the printer time to finish what is in its buffer, then read its own record.
                try await Task.sleep(for: .seconds(1))
                let printed = try printer.printedNumbers()
                let counts = Dictionary(printed.map { ($0, 1) }, uniquingKeysWith: +)
                #expect(Set(printed) == Set(1...200), "no label lost")
                let duplicates = printed.count - counts.count
                #expect(duplicates <= Self.window, "duplicates (\(duplicates)) no more than the window")
                print(
                    "crash test: \(printed.count) printed, \(duplicates) duplicated, job done \(resumedAfter) after the kill"
                )
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
                    try GatewayServer.serve(
                        databaseURL: database.url, owner: owner, window: Self.window, leaseSeconds: 60)
                }
                let first = try serve("gw-first")
                defer { first.stop() }
                let labels = numberedLabels(200).map { NewLabel(zpl: $0) }
                let job = try await jobs.submit(NewJob(printer: "line1", labels: labels)).job
                _ = try await eventually(timeout: .seconds(60)) {
                    try await jobs.find(id: job.id)
                } until: {
                    ($0?.printedCount ?? 0) >= 40
                }
                first.kill(signal: SIGTERM)
                // (Foundation traps on the status of a process still running, so this one stops the test.)
                try #require(await first.exited(within: .seconds(20)), "the gateway exits after SIGTERM")
                #expect(first.process.terminationStatus == 0)
                #expect(first.process.terminationReason == .exit)

                let stopped = try #require(try await jobs.find(id: job.id))
                #expect(stopped.status == .queued, "the job waits for the next gateway")
                #expect(try await printers.find(name: "line1")?.drivenBy == nil, "the lease was released")
                try await Task.sleep(for: .milliseconds(500))
                #expect(
                    try printer.printedNumbers().count == stopped.printedCount, "nothing in flight was left unconfirmed"
                )

                let releasedAt = ContinuousClock.now
                let second = try serve("gw-second")
                defer { second.stop() }
                let done = try await eventually(timeout: .seconds(60)) {
                    try await jobs.find(id: job.id)
                } until: {
                    $0?.status == .completed
                }
                #expect(done?.printedCount == 200)
                let claims = try await jobs.events(jobID: job.id).filter { $0.kind == .claimed }
                #expect(claims.last?.data["owner"] == "gw-second")
                #expect(
                    ContinuousClock.now - releasedAt < .seconds(40), "taken over without waiting out the 60 s lease")
                try await Task.sleep(for: .milliseconds(500))
                let printed = try printer.printedNumbers()
                #expect(printed == Array(1...200), "every label once, in order")
            }
        }
    }
}
