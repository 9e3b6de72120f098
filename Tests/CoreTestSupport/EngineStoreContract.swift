import Core
import Foundation

/// The rules every store of the engine keeps, checked the same way against each: the in-memory store in CoreTests,
/// the PostgreSQL one in StoreTests. A broken rule throws ``ContractViolation``.
public struct EngineStoreContract<Jobs: JobStore, Printers: PrinterStore, Engine: EngineStore>: Sendable {
    public let jobs: Jobs
    public let printers: Printers
    public let engine: Engine
    /// How long the leases this contract takes last.
    public let leaseDuration: Duration
    /// Lets every lease taken with ``leaseDuration`` run out: moves a virtual clock, or waits in real time.
    public let expireLeases: @Sendable () async throws -> Void

    public init(
        jobs: Jobs, printers: Printers, engine: Engine, leaseDuration: Duration,
        expireLeases: @escaping @Sendable () async throws -> Void
    ) {
        self.jobs = jobs
        self.printers = printers
        self.engine = engine
        self.leaseDuration = leaseDuration
        self.expireLeases = expireLeases
    }

    public func check(_ rule: EngineStoreRule) async throws {
        switch rule {
        case .leasesAreExclusiveAndFenced: try await leasesAreExclusiveAndFenced()
        case .claimsNeedWork: try await claimsNeedWork()
        case .firstInFirstOut: try await firstInFirstOut()
        case .onePrintingJobPerPrinter: try await onePrintingJobPerPrinter()
        case .waitsUseNoAttempt: try await waitsUseNoAttempt()
        case .failuresCountAttempts: try await failuresCountAttempts()
        case .givingUpFailsTheRest: try await givingUpFailsTheRest()
        case .checkpointsOnlyMoveForward: try await checkpointsOnlyMoveForward()
        case .releaseRequeues: try await releaseRequeues()
        case .cancelWins: try await cancelWins()
        case .queueOrderHoldAndPause: try await queueOrderHoldAndPause()
        case .interruptionsStopAndRequeue: try await interruptionsStopAndRequeue()
        case .movesAndExpiry: try await movesAndExpiry()
        case .moveFromAbandonedPrinter: try await moveFromAbandonedPrinter()
        }
    }

    // MARK: Setting up

    func printer(_ name: String, site: String = "", enabled: Bool = true) async throws -> Printer {
        try await printers.create(Printer(name: name, uri: "sim://\(name)", site: site, enabled: enabled)).printer
    }

    func job(on printer: String, labels: Int = 10) async throws -> Job {
        let labels = (1...labels).map { NewLabel(zpl: "^XA^FDLabel \($0)^FS^XZ") }
        return try await jobs.submit(NewJob(printer: printer, labels: labels)).job
    }

    private func claim(_ owner: String, site: String? = nil) async throws -> PrinterLease? {
        try await engine.claimPrinter(owner: owner, site: site, leaseDuration: leaseDuration, excluding: [])
    }

    func claimed(_ owner: String) async throws -> PrinterLease {
        guard let lease = try await claim(owner) else { throw ContractViolation("\(owner) could claim no printer") }
        return lease
    }

    func current(_ job: Job) async throws -> Job {
        guard let found = try await jobs.find(id: job.id) else { throw ContractViolation("job \(job.id) is gone") }
        return found
    }

    func kinds(_ job: Job) async throws -> [JobEvent.Kind] {
        try await jobs.events(jobID: job.id).map(\.kind)
    }

    private func expectLeaseLost(_ what: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch is LeaseLostError {
            return
        }
        throw ContractViolation("\(what) with a stale lease token was accepted")
    }

    // MARK: The rules

    /// A live lease keeps others out; once it runs out another owner claims with a higher token, and every write
    /// with the old token is refused and changes nothing.
    func leasesAreExclusiveAndFenced() async throws {
        _ = try await printer("p")
        let job = try await job(on: "p")
        let first = try await claimed("a")
        _ = try await engine.startNextJob(first)
        try expect(try await claim("b") == nil, "a live lease was claimed by another owner")
        try await expireLeases()
        let second = try await claimed("b")
        try expect(second.token > first.token, "the token did not go up: \(first.token) then \(second.token)")
        try await expectLeaseLost("a checkpoint") {
            _ = try await engine.checkpoint(first, jobID: job.id, printed: 3, sent: 4)
        }
        try await expectLeaseLost("a heartbeat") { _ = try await engine.heartbeat(first, jobID: job.id) }
        try await expectLeaseLost("a wait") {
            try await engine.setWaiting(first, jobID: job.id, reason: .paperOut, detail: nil)
        }
        try await expectLeaseLost("a failure") {
            _ = try await engine.recordFailure(first, jobID: job.id, error: "x", nextAttemptAt: nil)
        }
        try await expectLeaseLost("an end") { try await engine.finish(first, jobID: job.id, outcome: .completed) }
        try await engine.release(first)
        let after = try await current(job)
        try expect(after.printedCount == 0 && after.status == .printing, "a stale write changed the job: \(after)")
        try expect(after.attempts == 0 && after.waitingReason == nil, "a stale write changed the job: \(after)")
        try expect(try await engine.heartbeat(second, jobID: job.id) == .printing, "the new owner lost the printer")
        try expect(try await claim("c") == nil, "a stale release freed the printer")
    }

    /// Only enabled printers of the site asked for, with unfinished jobs, are claimed.
    func claimsNeedWork() async throws {
        _ = try await printer("idle", site: "north")
        _ = try await printer("off", site: "north", enabled: false)
        _ = try await printer("south", site: "south")
        _ = try await job(on: "off")
        _ = try await job(on: "south")
        try expect(try await claim("a", site: "north") == nil, "claimed a printer without work or disabled")
        let south = try await claim("a", site: nil)
        try expect(south?.printerName == "south", "claimed \(south?.printerName ?? "nothing"), not south")
    }

    /// A printer's jobs start oldest first; a job left printing by a lost lease is resumed first, where it was.
    func firstInFirstOut() async throws {
        _ = try await printer("p")
        let jobs = [try await job(on: "p"), try await job(on: "p"), try await job(on: "p")]
        let first = try await claimed("a")
        try expect(try await engine.startNextJob(first)?.job.id == jobs[0].id, "the oldest job did not start first")
        _ = try await engine.checkpoint(first, jobID: jobs[0].id, printed: 4, sent: 6)
        try await expireLeases()
        let second = try await claimed("b")
        let resumed = try await engine.startNextJob(second)
        try expect(resumed?.job.id == jobs[0].id, "the job left printing was not resumed first")
        try expect(resumed?.job.printedCount == 4, "the resumed job lost its checkpoint")
        try await engine.finish(second, jobID: jobs[0].id, outcome: .completed)
        try expect(try await engine.startNextJob(second)?.job.id == jobs[1].id, "the second job did not come next")
        try await engine.finish(second, jobID: jobs[1].id, outcome: .completed)
        try expect(try await engine.startNextJob(second)?.job.id == jobs[2].id, "the third job did not come next")
        try await engine.finish(second, jobID: jobs[2].id, outcome: .completed)
        try expect(try await engine.startNextJob(second) == nil, "a printer without work gave a job")
    }

    /// Asking again for the next job returns the one printing; no second job of the printer starts.
    func onePrintingJobPerPrinter() async throws {
        _ = try await printer("p")
        let first = try await job(on: "p")
        let second = try await job(on: "p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        try expect(try await engine.startNextJob(lease)?.job.id == first.id, "a second job started")
        try await engine.setWaiting(lease, jobID: first.id, reason: .headOpen, detail: nil)
        try expect(try await engine.startNextJob(lease)?.job.id == first.id, "a waiting job lost its turn")
        try expect(try await current(second).status == .queued, "two jobs of one printer are printing")
    }

    /// A wait puts the job back to queued with its reason, logged once, and uses no attempt; its end resumes it.
    func waitsUseNoAttempt() async throws {
        _ = try await printer("p")
        let job = try await job(on: "p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        try await engine.setWaiting(lease, jobID: job.id, reason: .paperOut, detail: "paper out")
        try await engine.setWaiting(lease, jobID: job.id, reason: .paperOut, detail: "paper out")
        let waiting = try await current(job)
        try expect(waiting.status == .queued && waiting.waitingReason == .paperOut, "not waiting: \(waiting)")
        try expect(waiting.attempts == 0, "a wait used an attempt")
        try await engine.setWaiting(lease, jobID: job.id, reason: nil, detail: nil)
        let resumed = try await current(job)
        try expect(resumed.status == .printing && resumed.waitingReason == nil, "not resumed: \(resumed)")
        let events = try await kinds(job)
        try expect(events.filter { $0 == .waiting }.count == 1, "the wait was logged \(events)")
        try expect(events.last == .resumed, "the end of the wait was not logged: \(events)")
    }

    /// A failed attempt counts, waits with `retry_backoff` until its next attempt, and is logged.
    func failuresCountAttempts() async throws {
        _ = try await printer("p")
        let job = try await job(on: "p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        let next = Date().addingTimeInterval(60)
        let attempts = try await engine.recordFailure(lease, jobID: job.id, error: "reset", nextAttemptAt: next)
        try expect(attempts == 1, "attempts after one failure: \(attempts)")
        let failed = try await current(job)
        try expect(failed.status == .queued && failed.waitingReason == .retryBackoff, "not backing off: \(failed)")
        try expect(failed.lastError == "reset", "the error was not kept: \(failed.lastError ?? "nil")")
        try expect(
            abs((failed.nextAttemptAt ?? .distantPast).timeIntervalSince(next)) < 0.01, "next attempt not kept")
        let retried = try await jobs.events(jobID: job.id).last
        try expect(
            retried?.kind == .retried && retried?.data["attempt"] == "1",
            "no retried event: \(String(describing: retried))")
        try expect(
            try await engine.recordFailure(lease, jobID: job.id, error: "again", nextAttemptAt: nil) == 2,
            "the second failure did not count")
    }

    /// Giving up fails every label after the confirmed ones: a partial print completes, an empty one fails.
    func givingUpFailsTheRest() async throws {
        _ = try await printer("p")
        let partial = try await job(on: "p")
        let empty = try await job(on: "p", labels: 3)
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        _ = try await engine.checkpoint(lease, jobID: partial.id, printed: 3, sent: 5)
        try await engine.finish(lease, jobID: partial.id, outcome: .gaveUp(error: "broken"))
        let ended = try await current(partial)
        try expect(ended.status == .completed && ended.failedCount == 7, "a partial print ended as \(ended)")
        let labels = try await jobs.labels(jobID: partial.id)
        try expect(
            labels.map(\.status) == Array(repeating: .printed, count: 3) + Array(repeating: .failed, count: 7),
            "label statuses: \(labels.map(\.status))")
        _ = try await engine.startNextJob(lease)
        try await engine.finish(lease, jobID: empty.id, outcome: .gaveUp(error: "broken"))
        let failed = try await current(empty)
        try expect(failed.status == .failed && failed.failedCount == 3, "an empty print ended as \(failed)")
        try expect(try await kinds(empty).last == .failed, "no failed event")
    }

    /// Confirmed labels never go back; each step forward is logged.
    func checkpointsOnlyMoveForward() async throws {
        _ = try await printer("p")
        let job = try await job(on: "p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        _ = try await engine.checkpoint(lease, jobID: job.id, printed: 5, sent: 7)
        _ = try await engine.checkpoint(lease, jobID: job.id, printed: 3, sent: 7)
        try expect(try await current(job).printedCount == 5, "the confirmed count went back")
        let statuses = try await jobs.labels(jobID: job.id).map(\.status)
        try expect(
            statuses
                == Array(repeating: .printed, count: 5) + [.sent, .sent] + Array(repeating: .pending, count: 3),
            "label statuses: \(statuses)")
        let confirmations = try await kinds(job).filter { $0 == .labelsConfirmed }
        try expect(confirmations.count == 1, "\(confirmations.count) confirmations logged for one step")
    }

    /// Released, the printer is free at once and its printing job goes back to the queue.
    func releaseRequeues() async throws {
        _ = try await printer("p")
        let job = try await job(on: "p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        try await engine.release(lease)
        try expect(try await current(job).status == .queued, "the released job stayed printing")
        try expect(try await kinds(job).last == .released, "the release was not logged")
        try expect(try await claim("b") != nil, "the released printer could not be claimed at once")
    }

    /// A cancel stands: the engine sees it, and neither a failure nor a completion brings the job back.
    func cancelWins() async throws {
        _ = try await printer("p")
        let job = try await job(on: "p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        _ = try await jobs.cancel(id: job.id)
        try expect(try await engine.heartbeat(lease, jobID: job.id) == .cancelled, "the engine did not see the cancel")
        _ = try await engine.recordFailure(lease, jobID: job.id, error: "late", nextAttemptAt: Date())
        try await engine.finish(lease, jobID: job.id, outcome: .completed)
        try await engine.finish(lease, jobID: job.id, outcome: .gaveUp(error: "late"))
        let after = try await current(job)
        try expect(after.status == .cancelled && after.attempts == 0, "the cancel was undone: \(after)")
        try expect(
            try await jobs.labels(jobID: job.id).allSatisfy { $0.status == .pending },
            "a cancelled job's labels changed"
        )
        try await engine.finish(lease, jobID: job.id, outcome: .cancelled)
        try expect(try await kinds(job).last == .cancelled, "the engine's end was not logged")
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ContractViolation(message()) }
    }
}

/// A store broke one of the rules of ``EngineStoreContract``.
public struct ContractViolation: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
