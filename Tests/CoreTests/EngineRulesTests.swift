import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Job engine rules over the in-memory store and scripted printers")
struct EngineRulesTests {
    @Test("labels go out in a window of unconfirmed labels, in order, each once", arguments: [1, 3, 4])
    func window(size: Int) async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { $0.printsPerPoll = 1 }
        let job = try await bench.submit(printer: "line", labels: 12)
        let done = try await bench.withEngine(EngineBench.configuration(window: size)) { try await bench.ended(job.id) }
        #expect(done.status == .completed)
        #expect(done.printedCount == 12)
        #expect(await printer.mostUnprinted == size, "the window is filled and never exceeded")
        #expect(await printer.receivedNumbers == Array(1...12))
        #expect(await printer.printed == Array(1...12))
        let labels = try await bench.store.labels(jobID: job.id)
        #expect(labels.allSatisfy { $0.status == .printed && $0.printedAt != nil })
    }

    @Test("the next job's first labels go out on the same connection before the last label of the job before prints")
    func nextJobSentAhead() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { $0.printsPerPoll = 1 }
        let first = try await bench.submit(printer: "line", labels: 6, tag: "A")
        let second = try await bench.submit(printer: "line", labels: 6, tag: "B")
        let (one, two) = try await bench.withEngine {
            (try await bench.ended(first.id), try await bench.ended(second.id))
        }
        #expect(one.status == .completed && one.printedCount == 6)
        #expect(two.status == .completed && two.printedCount == 6)
        let history = await printer.history
        let firstOfSecond = try #require(history.firstIndex { $0.contains("BLabel 1^") && $0.hasPrefix("+") })
        let lastOfFirst = try #require(history.firstIndex { $0.contains("ALabel 6^") && $0.hasPrefix("=") })
        #expect(firstOfSecond < lastOfFirst, "B's label 1 was on the printer while A's label 6 printed")
        #expect(await printer.opens.count == 1, "one connection for both jobs")
        #expect(await printer.printed == Array(1...6) + Array(1...6), "each label once, A before B")
        #expect(await printer.mostUnprinted <= 4, "the window holds across the job boundary")
        let checkpoints = try await bench.store.events(jobID: second.id).filter { $0.kind == .labelsConfirmed }
        #expect(checkpoints.last?.data["labels_done"] == "6")
    }

    @Test("a printer that takes labels and never prints gets one window per attempt, then the job fails")
    func windowWithoutConfirmations() async throws {
        let bench = try await EngineBench(printers: ["hole"])
        let printer = bench.printer("hole")
        await printer.script { $0.printsPerPoll = 0 }
        let job = try await bench.submit(printer: "hole", labels: 10, maxAttempts: 2)
        let done = try await bench.withEngine { try await bench.ended(job.id) }
        #expect(done.status == .failed)
        #expect(done.attempts == 2)
        #expect(done.failedCount == 10)
        #expect(done.lastError?.contains("printed none") == true)
        #expect(await printer.opens.count == 2)
        #expect(await printer.receivedNumbers == Array(1...4) + Array(1...4), "a window of 4 per connection, no more")
    }

    @Test("a job left mid-way by a dead process resumes at labels_done + 1 once its lease expires")
    func resumesAfterCrash() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let job = try await bench.submit(printer: "line", labels: 12)
        let lease = try #require(
            try await bench.store.claimPrinter(owner: "dead", site: nil, leaseDuration: .seconds(15), excluding: []))
        #expect(try await bench.store.startNextJob(lease)?.job.id == job.id)
        _ = try await bench.store.checkpoint(lease, jobID: job.id, printed: 5, sent: 7)
        // The process dies here: no release. Its lease runs out on the clock.
        let done = try await bench.withEngine {
            #expect(
                try await bench.store.claimPrinter(
                    owner: "other", site: nil, leaseDuration: .seconds(15), excluding: [])
                    == nil, "the dead process' lease still holds the printer")
            bench.clock.advance(by: .seconds(16))
            return try await bench.ended(job.id)
        }
        #expect(done.status == .completed)
        #expect(done.printedCount == 12)
        #expect(await bench.printer("line").receivedNumbers == Array(6...12))
        let claims = try await bench.store.events(jobID: job.id).filter { $0.kind == .claimed }
        #expect(claims.map { $0.data["labels_done"] } == ["0", "5"])
        #expect(claims.map { $0.data["lease_token"] } == ["1", "2"])
    }

    @Test("an offline printer keeps its job queued for six virtual hours without using an attempt")
    func waitsWhileOffline() async throws {
        let bench = try await EngineBench(printers: ["dock"])
        let start = bench.clock.now
        let back = start.addingTimeInterval(6 * 3600)
        await bench.printer("dock").script { $0.unreachableUntil = back }
        let job = try await bench.submit(printer: "dock", labels: 10)
        let (waiting, done) = try await bench.withEngine {
            let waiting = try await bench.waitFor(job.id) { $0.waitingReason == .printerOffline }
            return (waiting, try await bench.ended(job.id))
        }
        #expect(waiting.status == .queued)
        #expect(waiting.attempts == 0)
        #expect(done.status == .completed)
        #expect(done.attempts == 0)
        #expect(done.printedCount == 10)
        #expect(bench.clock.now >= back)
        let opens = await bench.printer("dock").opens
        #expect(opens.count > 1000, "it kept trying: \(opens.count) connections")
        let kinds = try await bench.eventKinds(job.id)
        #expect(kinds.filter { $0 == "waiting" }.count == 1, "one wait, announced once")
        #expect(kinds.contains("resumed"))
        #expect(!kinds.contains("retried"))
        #expect(await bench.printer("dock").printed == Array(1...10))
        #expect(await bench.store.status(ofPrinter: "dock")?.state == .ready)
    }

    @Test("paper out mid-job waits with paper_out, keeps its confirmed labels, and resumes after the paper is loaded")
    func paperOutWaits() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { $0.paperOutAt = 8 }
        let job = try await bench.submit(printer: "line", labels: 20)
        let (waiting, done) = try await bench.withEngine {
            let waiting = try await bench.waitFor(job.id) { $0.waitingReason == .paperOut }
            #expect(await bench.store.status(ofPrinter: "line")?.reasons == [.paperOut])
            await printer.loadPaper()
            return (waiting, try await bench.ended(job.id))
        }
        #expect(waiting.status == .queued)
        #expect(waiting.printedCount == 7)
        #expect(waiting.attempts == 0)
        #expect(done.status == .completed)
        #expect(done.attempts == 0)
        #expect(await printer.printed == Array(1...20), "nothing lost, nothing twice")
        let waits = try await bench.store.events(jobID: job.id).filter { $0.kind == .waiting }
        #expect(waits.map { $0.data["waiting_reason"] } == ["paper_out"])
    }

    @Test("a broken connection is retried after attempt⁴ seconds ± 10 % and resumes after the confirmed labels")
    func retriesWithBackoff() async throws {
        let bench = try await EngineBench(printers: ["net"])
        let printer = bench.printer("net")
        await printer.script {
            $0.breakAfterSends = 6
            $0.breakingConnections = 2
        }
        let job = try await bench.submit(printer: "net", labels: 20, maxAttempts: 5)
        let done = try await bench.withEngine { try await bench.ended(job.id) }
        #expect(done.status == .completed)
        #expect(done.printedCount == 20)
        #expect(done.attempts == 2)
        #expect(done.lastError?.contains("connection reset") == true)
        let printed = await printer.printed
        #expect(Set(printed) == Set(1...20), "every label printed")
        #expect(printed.count - 20 <= 2 * 4, "duplicates only within the window, per failure")
        let retries = try await bench.store.events(jobID: job.id).filter { $0.kind == .retried }
        #expect(retries.map { $0.data["attempt"] } == ["1", "2"])
        let opens = await printer.opens
        #expect(opens.count == 3)
        for (index, retry) in retries.enumerated() {
            let base = pow(Double(index + 1), 4)
            let waited = opens[index + 1].timeIntervalSince(retry.createdAt)
            #expect((base * 0.9 - 0.001...base * 1.1 + 0.001).contains(waited), "backoff after attempt \(index + 1)")
            let next = try #require(retry.data["next_attempt_at"].flatMap { try? Date($0, strategy: .iso8601) })
            #expect(opens[index + 1] >= next, "no attempt before next_attempt_at")
        }
    }

    @Test("after max_attempts the unconfirmed labels fail and the job ends as a partial print")
    func givesUp() async throws {
        let bench = try await EngineBench(printers: ["bad"])
        let printer = bench.printer("bad")
        await printer.script {
            $0.breakAfterSends = 6
            $0.breakingConnections = .max
        }
        let job = try await bench.submit(printer: "bad", labels: 30, maxAttempts: 3)
        let done = try await bench.withEngine { try await bench.ended(job.id) }
        #expect(await printer.opens.count == 3)
        #expect(done.attempts == 3)
        #expect(done.status == .completed, "some labels printed: a partial print")
        #expect((6...18).contains(done.printedCount))
        #expect(done.printedCount + done.failedCount == 30)
        let labels = try await bench.store.labels(jobID: job.id)
        #expect(labels.filter { $0.status == .failed }.map(\.number) == Array(done.printedCount + 1...30))
        #expect(labels.filter { $0.status == .printed }.map(\.number) == Array(1...done.printedCount))
        #expect(try await bench.eventKinds(job.id).last == "completed")
    }

    @Test("a job whose printer never takes a label ends failed, every label failed")
    func failsWhenNothingPrints() async throws {
        let bench = try await EngineBench(printers: ["dead"])
        await bench.printer("dead").script { $0.breakingConnections = .max }
        let job = try await bench.submit(printer: "dead", labels: 5, maxAttempts: 2)
        let done = try await bench.withEngine { try await bench.ended(job.id) }
        #expect(done.status == .failed)
        #expect(done.printedCount == 0)
        #expect(done.failedCount == 5)
        #expect(try await bench.eventKinds(job.id).last == "failed")
    }

    @Test("cancel while the job waits: the engine ends it and sends nothing more")
    func cancelStopsTheJob() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { $0.paperOutAt = 5 }
        let job = try await bench.submit(printer: "line", labels: 30)
        let done = try await bench.withEngine {
            _ = try await bench.waitFor(job.id) { $0.waitingReason == .paperOut }
            let cancelled = try await bench.store.cancel(id: job.id)
            #expect(cancelled.status == .cancelled)
            let done = try await bench.store.waitFor(job.id, event: .cancelled)
            await printer.loadPaper()
            return done
        }
        #expect(done.status == .cancelled)
        #expect(done.printedCount == 4)
        #expect(try await bench.eventKinds(job.id).suffix(2) == ["cancel_requested", "cancelled"])
        let received = await printer.receivedNumbers
        #expect(received.count <= 4 + 4, "at most the window was in the printer")
        #expect(!received.contains(30))
        #expect(await bench.store.lease(ofPrinter: "line")?.owner == nil, "the printer was released")
    }

    @Test("a refused write (the lease was taken over) stops sending at once")
    func leaseLostStopsSending() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        let store = bench.store
        await printer.script {
            // Another process finds the lease expired and claims the printer while label 2 is in flight.
            $0.onReceive[2] = { _ = try? await store.takeOverLease(ofPrinter: "line", owner: "thief") }
        }
        let job = try await bench.submit(printer: "line", labels: 20)
        let engine = bench.makeEngine(EngineBench.configuration(window: 4))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await engine.run() }
            _ = try await bench.waitFor(job.id) { $0.status == .printing }
            // The worker gives the printer up once its write is refused; it does not claim it back.
            try await eventuallyTrue {
                let sent = await printer.received.count
                return engine.activePrinters.isEmpty && sent >= 4
            }
            group.cancelAll()
        }
        #expect(await printer.receivedNumbers == [1, 2, 3, 4], "the window already open went out; nothing after")
        let after = try #require(try await store.find(id: job.id))
        #expect(after.printedCount == 0, "the stale checkpoint changed nothing")
        #expect(!(try await bench.eventKinds(job.id)).contains("labels_confirmed"))
        let lease = await store.lease(ofPrinter: "line")
        #expect(lease?.owner == "thief")
        #expect(lease?.token == 2)
    }

    @Test("a lease lost while the job waits stops the worker: nothing is sent once the printer is back")
    func leaseLostWhileWaiting() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { $0.paperOutAt = 3 }
        let job = try await bench.submit(printer: "line", labels: 10)
        let engine = bench.makeEngine(EngineBench.configuration())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await engine.run() }
            _ = try await bench.waitFor(job.id) { $0.waitingReason == .paperOut }
            #expect(try await bench.store.takeOverLease(ofPrinter: "line", owner: "thief") != nil)
            try await eventuallyTrue { engine.activePrinters.isEmpty }
            await printer.loadPaper()
            group.cancelAll()
        }
        // Two labels printed, then the window of 4 was filled up while the paper was out; the refused heartbeat
        // ended the worker before anything more went out.
        #expect(try await bench.store.find(id: job.id)?.printedCount == 2)
        #expect(await printer.receivedNumbers == Array(1...6))
    }

    @Test("labels taken while the database was away longer than the lease go out only on an extended lease")
    func slowLabelReadStopsSending() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        let store = bench.store
        await store.answerSlowly { call in
            guard case .labels(from: 1) = call else { return }
            // The database is away for longer than the lease (300 ms); meanwhile another process finds the lease
            // expired and claims the printer.
            _ = try? await store.takeOverLease(ofPrinter: "line", owner: "thief")
            try? await Task.sleep(for: .milliseconds(400))
        }
        let job = try await bench.submit(printer: "line", labels: 10)
        try await runUntilGivenUp(bench.makeEngine(EngineBench.configuration(window: 4)), job: job.id, bench: bench)
        #expect(await printer.receivedNumbers == [], "the labels read while the lease ran out were not sent")
        #expect(await store.lease(ofPrinter: "line")?.owner == "thief")
    }

    @Test("a checkpoint whose answer comes back late extends the lease from when it was asked, not answered")
    func lateAnswerCountsFromTheQuestion() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { $0.printsPerPoll = 1 }
        let store = bench.store
        await store.answerSlowly { call in
            guard case .advance(printed: 1) = call else { return }
            // The extension made by this checkpoint runs out (300 ms) before its answer arrives, and another
            // process claims the printer meanwhile.
            try? await Task.sleep(for: .milliseconds(310))
            _ = try? await store.takeOverLease(ofPrinter: "line", owner: "thief")
        }
        let job = try await bench.submit(printer: "line", labels: 10)
        try await runUntilGivenUp(bench.makeEngine(EngineBench.configuration(window: 4)), job: job.id, bench: bench)
        #expect(await printer.receivedNumbers == [1, 2, 3, 4], "the window open before the checkpoint; nothing after")
        #expect(await store.lease(ofPrinter: "line")?.owner == "thief")
    }

    /// Runs `engine` until it has started `job` and then given its printer up.
    private func runUntilGivenUp(
        _ engine: JobEngine<InMemoryStore<VirtualClock>, VirtualClock>, job: UUID, bench: EngineBench
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await engine.run() }
            _ = try await bench.waitFor(job) { $0.status == .printing }
            try await eventuallyTrue { engine.activePrinters.isEmpty }
            group.cancelAll()
        }
    }

    @Test("jobs of one printer print one at a time, first in first out")
    func fifoPerPrinter() async throws {
        let bench = try await EngineBench(printers: ["line"])
        var jobs: [Job] = []
        for (tag, count) in [("A", 3), ("B", 5), ("C", 2)] {
            jobs.append(try await bench.submit(printer: "line", labels: count, tag: tag))
        }
        let done = try await bench.withEngine {
            var done: [Job] = []
            for job in jobs { done.append(try await bench.ended(job.id)) }
            return done
        }
        #expect(done.allSatisfy { $0.status == .completed })
        let tags = await bench.printer("line").received.map { label in
            let zpl = String(decoding: label.zpl, as: UTF8.self)
            return zpl.range(of: "^FD").map { String(zpl[$0.upperBound]) } ?? "?"
        }
        #expect(tags == ["A", "A", "A", "B", "B", "B", "B", "B", "C", "C"])
        let completions = done.compactMap(\.completedAt)
        #expect(completions == completions.sorted())
    }

    @Test("printers of another site are left alone")
    func drivesOnlyItsSite() async throws {
        let bench = try await EngineBench(printers: ["a1", "b1"])
        _ = try await bench.store.update(name: "a1", PrinterChanges(site: "plant-a"))
        _ = try await bench.store.update(name: "b1", PrinterChanges(site: "plant-b"))
        let jobA = try await bench.submit(printer: "a1", labels: 3)
        let jobB = try await bench.submit(printer: "b1", labels: 3)
        var configuration = EngineBench.configuration()
        configuration.site = "plant-a"
        try await bench.withEngine(configuration) { _ = try await bench.ended(jobA.id) }
        #expect(try await bench.store.find(id: jobB.id)?.status == .queued)
        #expect(await bench.printer("b1").opens.isEmpty)
    }
}

/// Waits, in real time, for what another task does; fails the test after `timeout`.
func eventuallyTrue(
    timeout: Duration = .seconds(20), _ condition: @escaping @Sendable () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while !(await condition()) {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within \(timeout)")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
