import Core
import Foundation

/// The rules of operating the queue: priority order, hold, pause, the interruptions the store reports at a
/// checkpoint and what giving the printer up does, moves and expiry.
extension EngineStoreContract {
    private func submit(_ printer: String, priority: Int = 0, hold: Bool = false, expiresAt: Date? = nil) async throws
        -> Job
    {
        let labels = (1...10).map { NewLabel(zpl: "^XA^FDLabel \($0)^FS^XZ") }
        return try await jobs.submit(
            NewJob(printer: printer, labels: labels, priority: priority, hold: hold, expiresAt: expiresAt)
        ).job
    }

    /// True when only the lack of a gateway holds the job back (a store may show that while no process runs).
    static func waitsForNothing(_ job: Job) -> Bool {
        job.waitingReason == nil || job.waitingReason == .noGatewayForSite
    }

    /// Highest priority first, then oldest; held jobs and every job of a paused printer wait.
    func queueOrderHoldAndPause() async throws {
        _ = try await printer("p")
        let low = try await submit("p", priority: -1)
        let normal = try await submit("p")
        let held = try await submit("p", priority: 9, hold: true)
        try expect(held.waitingReason == .held, "a job queued held does not say so: \(held)")
        let high = try await submit("p", priority: 5)
        let lease = try await claimed("a")
        try expect(
            try await engine.nextQueuedJob(lease, after: UUID())?.id == high.id, "the next job is not the highest")
        for expected in [high, normal, low] {
            let started = try await engine.startNextJob(lease)
            try expect(
                started?.job.id == expected.id,
                "\(expected.priority) did not come next: \(String(describing: started?.job))")
            try await engine.finish(lease, jobID: expected.id, outcome: .completed)
        }
        try expect(try await engine.startNextJob(lease) == nil, "a held job started")
        try expect(try await current(held).waitingReason == .held, "the held job does not wait held")
        _ = try await printers.setPaused(name: "p", true)
        _ = try await jobs.release(id: held.id, actor: "foreman")
        try expect(try await current(held).waitingReason == .paused, "a released job of a paused printer is not paused")
        try expect(try await engine.startNextJob(lease) == nil, "a paused printer started a job")
        _ = try await printers.setPaused(name: "p", false)
        try expect(Self.waitsForNothing(try await current(held)), "resuming left the job paused")
        try expect(try await engine.startNextJob(lease)?.job.id == held.id, "the released job did not start")
        try await engine.finish(lease, jobID: held.id, outcome: .completed)
        try expect(try await current(held).endReason == .completed, "a completed job has no end reason")
    }

    /// A checkpoint reports a hold, a pause and a priority-10 job; giving the printer up requeues the job with its
    /// unconfirmed labels pending again, and it resumes after the rush job.
    func interruptionsStopAndRequeue() async throws {
        _ = try await printer("p")
        let batch = try await submit("p")
        let lease = try await claimed("a")
        _ = try await engine.startNextJob(lease)
        var control = try await engine.advance(lease, jobID: batch.id, printed: 3, sent: 5)
        try expect(control.interruption == nil, "an interruption out of nothing: \(control)")
        _ = try await jobs.hold(id: batch.id, actor: nil)
        control = try await engine.advance(lease, jobID: batch.id, printed: 4, sent: 5)
        try expect(control.interruption == .held, "the hold is not reported: \(control)")
        try await engine.interrupt(lease, jobID: batch.id, because: .held)
        var stopped = try await current(batch)
        try expect(stopped.status == .queued && stopped.waitingReason == .held, "not held: \(stopped)")
        let labels = try await jobs.labels(jobID: batch.id)
        try expect(
            labels.filter { $0.status == .printed }.count == 4 && !labels.contains { $0.status == .sent },
            "the unconfirmed labels are not pending again")
        _ = try await jobs.release(id: batch.id, actor: nil)
        try expect(try await engine.startNextJob(lease)?.job.printedCount == 4, "the job did not resume")
        let rush = try await submit("p", priority: 10)
        control = try await engine.advance(lease, jobID: batch.id, printed: 5, sent: 6)
        try expect(control.interruption == .preempted, "the rush job is not reported: \(control)")
        try await engine.interrupt(lease, jobID: batch.id, because: .preempted)
        stopped = try await current(batch)
        try expect(stopped.status == .queued && Self.waitsForNothing(stopped), "not requeued: \(stopped)")
        try expect(try await engine.startNextJob(lease)?.job.id == rush.id, "the rush job did not come next")
        try await engine.finish(lease, jobID: rush.id, outcome: .completed)
        try expect(try await engine.startNextJob(lease)?.job.id == batch.id, "the batch did not resume after")
        _ = try await printers.setPaused(name: "p", true)
        control = try await engine.advance(lease, jobID: batch.id, printed: 0, sent: 0)
        try expect(control.interruption == .paused, "the pause is not reported: \(control)")
        try await engine.interrupt(lease, jobID: batch.id, because: .paused)
        try expect(try await current(batch).waitingReason == .paused, "the job does not wait paused")
    }

    /// A move with no process holding the printer is at once; with one, it waits for its hand-over. An expired job
    /// ends cancelled, expired, when the printer's next job starts.
    func movesAndExpiry() async throws {
        _ = try await printer("p")
        let other = try await printer("q")
        let quiet = try await submit("p")
        let moved = try await jobs.move(id: quiet.id, toPrinter: "q", actor: "foreman")
        try expect(moved.printer == "q" && moved.movingTo == nil, "a job nobody drives did not move at once: \(moved)")
        let running = try await submit("p")
        guard
            let lease = try await engine.claimPrinter(
                owner: "a", site: nil, leaseDuration: leaseDuration, excluding: [other.id])
        else { throw ContractViolation("printer p could not be claimed") }
        try expect(try await engine.startNextJob(lease)?.job.id == running.id, "the job did not start")
        _ = try await engine.advance(lease, jobID: running.id, printed: 2, sent: 4)
        let asked = try await jobs.move(id: running.id, toPrinter: "q", actor: "foreman")
        try expect(asked.printer == "p" && asked.movingTo == "q", "a driven job moved before its hand-over: \(asked)")
        let control = try await engine.advance(lease, jobID: running.id, printed: 3, sent: 4)
        try expect(control.interruption == .moved, "the move is not reported: \(control)")
        try await engine.interrupt(lease, jobID: running.id, because: .moved)
        let handed = try await current(running)
        try expect(
            handed.printer == "q" && handed.movingTo == nil && handed.printedCount == 3 && handed.status == .queued,
            "the hand-over did not move the job with its count: \(handed)")
        try expect(try await kinds(running).contains(.moved), "the move is not in the event log")
        // Times far from now by any clock a store keeps, virtual or real.
        let expired = try await submit("p", expiresAt: Date(timeIntervalSince1970: 0))
        let later = try await submit("p", expiresAt: Date().addingTimeInterval(10 * 365 * 86_400))
        try expect(
            try await engine.startNextJob(lease)?.job.id == later.id, "the job after the expired one did not start")
        let ended = try await current(expired)
        try expect(
            ended.status == .cancelled && ended.endReason == .expired && ended.printedCount == 0,
            "an expired job did not end expired: \(ended)")
        try expect(try await kinds(expired).contains(.expired), "the expiry is not in the event log")
        do {
            _ = try await jobs.move(id: running.id, toPrinter: "nowhere", actor: nil)
            throw ContractViolation("a move to an unknown printer was accepted")
        } catch let error as StoreError where error.code == .invalid {}
    }

    /// A move of a job whose process died (its lease ran out, no one claimed the printer since) is at once: it does
    /// not wait for a claim of the old printer that may never come, and the dead process's lease is fenced off.
    func moveFromAbandonedPrinter() async throws {
        let from = try await printer("p")
        _ = try await printer("q")
        let job = try await submit("p")
        guard
            let lease = try await engine.claimPrinter(
                owner: "a", site: nil, leaseDuration: leaseDuration, excluding: [])
        else { throw ContractViolation("printer p could not be claimed") }
        try expect(lease.printerID == from.id, "printer p was not the one claimed")
        try expect(try await engine.startNextJob(lease)?.job.id == job.id, "the job did not start")
        _ = try await engine.advance(lease, jobID: job.id, printed: 2, sent: 4)
        try await expireLeases()
        let moved = try await jobs.move(id: job.id, toPrinter: "q", actor: "foreman")
        try expect(
            moved.printer == "q" && moved.movingTo == nil && moved.printedCount == 2 && moved.status == .queued,
            "a job whose process died did not move at once with its count: \(moved)")
        do {
            _ = try await engine.advance(lease, jobID: job.id, printed: 3, sent: 4)
            throw ContractViolation("the dead process's lease still checkpoints after the move")
        } catch is LeaseLostError {}
    }
}
