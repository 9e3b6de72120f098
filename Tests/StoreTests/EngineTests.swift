import Core
import Foundation
import GatewayTestSupport
import Store
import Testing
import TransportSimulated

@Suite("Job engine against PostgreSQL and the simulated Z230")
struct EngineTests {
    @Test("a job prints every label once, in order, and logs each state change")
    func printsEveryLabel() async throws {
        try await withHarness { h in
            try await h.addPrinter("line1", uri: "sim://line1?speed_ips=6&label_dots=600")
            let job = try await h.submit(printer: "line1", labels: 25)
            #expect(job.status == .queued)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .completed)
            #expect(done.printedCount == 25)
            #expect(done.failedCount == 0)
            #expect(done.attempts == 0)
            #expect(try await h.printedNumbers(on: "line1") == Array(1...25))
            let labels = try await h.jobs.labels(jobID: job.id)
            #expect(labels.allSatisfy { $0.status == .printed && $0.printedAt != nil })
            let kinds = try await h.eventKinds(job.id)
            #expect(kinds.first == "created")
            #expect(kinds.dropFirst().first == "claimed")
            #expect(kinds.contains("labels_confirmed"))
            #expect(kinds.last == "completed")
            let site = [("site", "")]
            #expect(try h.metrics.expectTimer(EngineMetrics.Name.firstLabelSeconds, site).values.count == 1)
            #expect(try h.metrics.expectTimer(EngineMetrics.Name.completionSeconds, site).values.count == 1)
            let finished = [("printer", "line1"), ("site", ""), ("outcome", "completed")]
            #expect(try h.metrics.expectCounter(EngineMetrics.Name.jobsFinished, finished).totalValue == 1)
            #expect(h.metrics.counters(label: EngineMetrics.Name.retries).isEmpty)
        }
    }

    @Test("a job arriving while its printer is held idle starts on the same lease and connection")
    func idleHoldKeepsLeaseAndConnection() async throws {
        try await withHarness { h in
            try await h.addPrinter("line1", uri: "sim://line1?speed_ips=6&label_dots=600")
            let wakeUp = WakeUpSignal()
            let printerWakeUps = PrinterWakeUps()
            var configuration = EngineHarness.configuration()
            configuration.leaseDuration = .seconds(30)
            configuration.idleHold = .seconds(10)
            let engine = JobEngine(
                store: h.store, transports: h.transports, clock: h.clock, configuration: configuration,
                wakeUp: wakeUp, printerWakeUps: printerWakeUps, logger: TestDatabase.logger)
            // The job channel's notifications wake the held worker, as in `gateway serve`.
            let listener = JobNotificationListener(
                client: h.client, wakeUp: wakeUp, printerWakeUps: printerWakeUps, logger: TestDatabase.logger)
            let listening = Task { try await listener.run() }
            defer { listening.cancel() }
            let (first, second) = try await engine.running {
                let first = try await h.submit(printer: "line1", labels: 3)
                _ = try await h.waitFor(first.id) { $0.status == .completed }
                let second = try await h.submit(printer: "line1", labels: 2)
                return (first, try await h.waitFor(second.id) { $0.status.isTerminal })
            }
            #expect(second.status == .completed)
            #expect(try await h.printedNumbers(on: "line1") == [1, 2, 3, 1, 2])
            var tokens: [String?] = []
            for id in [first.id, second.id] {
                tokens.append(try await h.jobs.events(jobID: id).first { $0.kind == .claimed }?.data["lease_token"])
            }
            #expect(tokens[0] != nil)
            #expect(tokens[0] == tokens[1], "the second job was claimed again instead of started on the held lease")
            let simulated = try #require(h.simulators.printer(named: "line1"))
            let connections = Set(await simulated.printedLabels.map(\.connection.rawValue))
            #expect(connections.count == 1, "the held connection was closed between the jobs")
        }
    }

    @Test("an offline printer keeps its job queued for six virtual hours without using attempts")
    func waitsSixHoursOffline() async throws {
        try await withHarness { h in
            let sixHours = 6 * 3600
            try await h.addPrinter("dock", uri: "sim://dock?fault=refuse=\(sixHours)")
            _ = h.simulators  // printer is created on first use, at the clock's start
            let start = h.clock.now
            let job = try await h.submit(printer: "dock", labels: 10)
            let done = try await h.withEngine {
                let waiting = try await h.waitFor(job.id) { $0.waitingReason == .printerOffline }
                #expect(waiting.status == .queued)
                #expect(waiting.attempts == 0)
                return try await h.waitFor(job.id) { $0.status.isTerminal }
            }
            #expect(done.status == .completed)
            #expect(done.printedCount == 10)
            #expect(done.attempts == 0)
            #expect(h.clock.now.timeIntervalSince(start) >= Double(sixHours))
            let kinds = try await h.eventKinds(job.id)
            #expect(kinds.contains("waiting"))
            #expect(kinds.contains("resumed"))
            #expect(!kinds.contains("retried"))
            #expect(try await h.printedNumbers(on: "dock") == Array(1...10))
        }
    }

    @Test("paper out mid-job waits with paper_out and resumes from the first unconfirmed label")
    func paperOutWaitsAndResumes() async throws {
        try await withHarness { h in
            try await h.addPrinter("line2", uri: "sim://line2?fault=paper_out@8&label_dots=300")
            let job = try await h.submit(printer: "line2", labels: 20)
            let done = try await h.withEngine {
                let waiting = try await h.waitFor(job.id) { $0.waitingReason == .paperOut }
                #expect(waiting.status == .queued)
                #expect(waiting.printedCount == 7)
                let printer = try #require(h.simulators.printer(named: "line2"))
                await printer.loadMedia()
                return try await h.waitFor(job.id) { $0.status.isTerminal }
            }
            #expect(done.status == .completed)
            #expect(done.printedCount == 20)
            #expect(done.attempts == 0)
            #expect(try await h.printedNumbers(on: "line2") == Array(1...20))
        }
    }

    @Test("a broken connection is retried with backoff and resumes after the confirmed labels")
    func retriesAfterConnectionLoss() async throws {
        try await withHarness(flaky: (failures: 2, after: 6)) { h in
            try await h.addPrinter("net", uri: "flaky://net")
            let job = try await h.submit(printer: "net", labels: 20, maxAttempts: 5)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .completed)
            #expect(done.printedCount == 20)
            #expect(done.attempts == 2)
            #expect(done.lastError?.contains("connection reset") == true)
            let numbers = try await h.printedNumbers(on: "net")
            #expect(Set(numbers) == Set(1...20), "every label printed")
            #expect(
                numbers.count - 20 <= 2 * EngineHarness.configuration().window,
                "duplicates within the window per failure")
            #expect(try await h.eventKinds(job.id).filter { $0 == "retried" }.count == 2)
            let printer = [("printer", "net"), ("site", "")]
            #expect(try h.metrics.expectCounter(EngineMetrics.Name.retries, printer).totalValue == 2)
            #expect(try h.metrics.expectCounter(EngineMetrics.Name.reconnections, printer).totalValue == 2)
            #expect(try h.metrics.expectCounter(EngineMetrics.Name.labelsPrinted, printer).totalValue == 20)
            let confirmations = try h.metrics.expectTimer(EngineMetrics.Name.confirmationSeconds, [("site", "")])
            #expect(confirmations.values.count == 20)
        }
    }

    @Test("after max_attempts the unprinted labels fail and the job ends as a partial print")
    func givesUpAfterMaxAttempts() async throws {
        // Each connection breaks after 6 labels: with a window of 4, at least 2 and at most 6 are confirmed per attempt.
        try await withHarness(flaky: (failures: 100, after: 6)) { h in
            try await h.addPrinter("bad", uri: "flaky://bad")
            let job = try await h.submit(printer: "bad", labels: 30, maxAttempts: 3)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(h.flaky?.connectionCount == 3)
            #expect(done.attempts == 3)
            #expect(done.status == .completed, "some labels printed: a partial print")
            #expect((6...18).contains(done.printedCount))
            #expect(done.printedCount + done.failedCount == 30)
            #expect(done.failedCount > 0)
            let labels = try await h.jobs.labels(jobID: job.id)
            #expect(labels.filter { $0.status == .failed }.count == done.failedCount)
            #expect(labels.filter { $0.status == .printed }.count == done.printedCount)
            let printer = [("printer", "bad"), ("site", "")]
            let printed = try h.metrics.expectCounter(EngineMetrics.Name.labelsPrinted, printer).totalValue
            #expect(printed == Int64(done.printedCount))
            let failed = try h.metrics.expectCounter(EngineMetrics.Name.labelsFailed, printer).totalValue
            #expect(failed == Int64(done.failedCount))
            let gaveUp = try h.metrics.expectCounter(
                EngineMetrics.Name.jobsFinished, printer + [("outcome", "gave_up")])
            #expect(gaveUp.totalValue == 1)
        }
    }

    @Test("a job whose printer never takes a label ends failed")
    func failsWhenNothingPrints() async throws {
        try await withHarness(flaky: (failures: 100, after: 0)) { h in
            try await h.addPrinter("dead", uri: "flaky://dead")
            let job = try await h.submit(printer: "dead", labels: 5, maxAttempts: 2)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .failed)
            #expect(done.printedCount == 0)
            #expect(done.failedCount == 5)
            #expect(try await h.eventKinds(job.id).last == "failed")
        }
    }

    @Test("cancel stops a job: labels not sent are not printed")
    func cancelStopsTheJob() async throws {
        try await withHarness { h in
            try await h.addPrinter("line3", uri: "sim://line3?fault=paper_out@5")
            let job = try await h.submit(printer: "line3", labels: 30)
            let done = try await h.withEngine {
                _ = try await h.waitFor(job.id) { $0.waitingReason == .paperOut }
                let cancelled = try await h.jobs.cancel(id: job.id)
                #expect(cancelled.status == .cancelled)
                return try await h.waitFor(job.id) { job in job.status == .cancelled && job.completedAt != nil }
            }
            let kinds = try await h.eventKinds(job.id)
            #expect(kinds.contains("cancel_requested"))
            #expect(done.printedCount == 4)
            let printer = try #require(h.simulators.printer(named: "line3"))
            await printer.loadMedia()
            try await h.clock.sleep(for: .seconds(60))
            let printed = try await h.printedNumbers(on: "line3")
            #expect(printed.count <= 4 + EngineHarness.configuration().window, "at most the window was in the printer")
            #expect(!printed.contains(30))
        }
    }

    @Test("a job left mid-way by a dead process resumes at labels_done + 1")
    func resumesAfterCrash() async throws {
        try await withHarness { h in
            try await h.addPrinter("line4", uri: "sim://line4")
            let job = try await h.submit(printer: "line4", labels: 12)
            // A process claims, confirms 5 labels, and dies without releasing its lease.
            let dead = try #require(
                try await h.store.claimPrinter(
                    owner: "dead", site: nil, leaseDuration: .milliseconds(300), excluding: []))
            let assignment = try #require(try await h.store.startNextJob(dead))
            #expect(assignment.job.id == job.id)
            _ = try await h.store.checkpoint(dead, jobID: job.id, printed: 5, sent: 7)
            try await Task.sleep(for: .milliseconds(400))
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .completed)
            #expect(try await h.printedNumbers(on: "line4") == Array(6...12))
            let events = try await h.jobs.events(jobID: job.id)
            let claims = events.filter { $0.kind == .claimed }
            #expect(claims.count == 2)
            #expect(claims.last?.data["labels_done"] == "5")
        }
    }

    @Test("printers of another site are left alone")
    func drivesOnlyItsSite() async throws {
        try await withHarness { h in
            try await h.addPrinter("a1", uri: "sim://a1", site: "plant-a")
            try await h.addPrinter("b1", uri: "sim://b1", site: "plant-b")
            let jobA = try await h.submit(printer: "a1", labels: 3)
            let jobB = try await h.submit(printer: "b1", labels: 3)
            var configuration = EngineHarness.configuration()
            configuration.site = "plant-a"
            try await h.withEngine(configuration) {
                _ = try await h.waitFor(jobA.id) { $0.status == .completed }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(try await h.jobs.find(id: jobB.id)?.status == .queued)
        }
    }
}

@Suite("Printer faults end to end: the right wait or error, an event, and the rest printed once it clears")
struct FaultTests {
    @Test(
        "head open and pause mid-job wait without attempts and resume at the first unconfirmed label",
        arguments: [("head_open@6", WaitingReason.headOpen), ("pause@6", .paused), ("ribbon_out@6", .ribbonOut)])
    func conditionsWait(fault: String, reason: WaitingReason) async throws {
        try await withHarness { h in
            try await h.addPrinter("p", uri: "sim://p?fault=\(fault)")
            let job = try await h.submit(printer: "p", labels: 12)
            let done = try await h.withEngine {
                let waiting = try await h.waitFor(job.id) { $0.waitingReason == reason }
                #expect(waiting.printedCount == 5)
                let printer = try #require(h.simulators.printer(named: "p"))
                await printer.repair()
                return try await h.waitFor(job.id) { $0.status.isTerminal }
            }
            #expect(done.status == .completed)
            #expect(done.attempts == 0)
            #expect(try await h.printedNumbers(on: "p") == Array(1...12))
            let waits = try await h.jobs.events(jobID: job.id).filter { $0.kind == .waiting }
            #expect(waits.first?.data["waiting_reason"] == reason.rawValue)
        }
    }

    @Test("a connection reset after K bytes uses an attempt and resumes; nothing lost, duplicates within the window")
    func connectionReset() async throws {
        try await withHarness { h in
            try await h.addPrinter("p", uri: "sim://p?fault=reset@400")
            let job = try await h.submit(printer: "p", labels: 20)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .completed)
            #expect(done.attempts == 1)
            let printed = try await h.printedNumbers(on: "p")
            #expect(Set(printed) == Set(1...20))
            #expect(printed.count - 20 <= EngineHarness.configuration().window)
            #expect(try await h.eventKinds(job.id).contains("retried"))
        }
    }

    @Test(
        "silent or garbled status answers end the attempt with an error saying so", arguments: ["silent@4", "garbled"])
    func badStatus(fault: String) async throws {
        try await withHarness { h in
            try await h.addPrinter("p", uri: "sim://p?fault=\(fault)")
            let job = try await h.submit(printer: "p", labels: 10, maxAttempts: 2)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.attempts == 2)
            #expect(done.failedCount > 0)
            #expect(done.lastError?.isEmpty == false)
            let retried = try await h.jobs.events(jobID: job.id).filter { $0.kind == .retried }
            #expect(retried.count == 2)
        }
    }

    @Test("a printer that drops the connection and then refuses new ones for a while: printer_offline, then the rest")
    func refusedForAWhile() async throws {
        try await withHarness { h in
            try await h.addPrinter("p", uri: "sim://p?fault=reset@400&fault=refuse@3=600")
            let job = try await h.submit(printer: "p", labels: 15)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .completed)
            #expect(Set(try await h.printedNumbers(on: "p")) == Set(1...15))
            #expect(try await h.jobs.events(jobID: job.id).contains { $0.data["waiting_reason"] == "printer_offline" })
        }
    }

    @Test("a printer that takes labels but never prints is an error, not an endless wait")
    func blackhole() async throws {
        try await withHarness { h in
            try await h.addPrinter("p", uri: "sim://p?fault=blackhole")
            let job = try await h.submit(printer: "p", labels: 5, maxAttempts: 2)
            let done = try await h.withEngine { try await h.waitFor(job.id) { $0.status.isTerminal } }
            #expect(done.status == .failed)
            #expect(done.failedCount == 5)
            #expect(done.lastError?.isEmpty == false)
        }
    }
}
