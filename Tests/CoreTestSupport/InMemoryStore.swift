import Core
import Foundation

/// Core's store protocols in memory, with the rules of the PostgreSQL store: printer leases with a fencing token
/// that goes up on every claim, FIFO per printer with a job left `printing` first, one printing job per printer,
/// checkpoints that only move forward, waits that use no attempt, attempts and their backoff, lots bound once.
/// Times come from `clock`, so a lease expires when the test moves its virtual clock past it.
///
/// One actor stands for one database: several engines may share it.
public actor InMemoryStore<Clock: GatewayClock> {
    let clock: Clock
    var models: [String: PrinterModel]
    var printers: [PrinterRow] = []
    var jobs: [JobRow] = []
    var events: [JobEvent] = []
    var lots: [String: LotRow] = [:]
    var lotCounters: [String: Int] = [:]
    private var nextSequence = 0
    private var waiters: [UUID: [JobWaiter]] = [:]
    /// Awaited before an engine call answers, to stand for a slow database; see ``answerSlowly(_:)``.
    var slowAnswer: (@Sendable (SlowAnswer) async -> Void)?

    /// An engine call about to answer, for ``answerSlowly(_:)``.
    public enum SlowAnswer: Sendable {
        /// `labels(jobID:from:limit:)`, as a query that waits for the database.
        case labels(from: Int)
        /// `advance` with its changes made, as an answer that comes back late (a commit that waits).
        case advance(printed: Int)
    }

    /// Awaits `hook` before those engine calls answer; other calls go on meanwhile, as they would against a database.
    public func answerSlowly(_ hook: @escaping @Sendable (SlowAnswer) async -> Void) { slowAnswer = hook }

    /// The models the PostgreSQL migrations seed.
    public static var seededModels: [PrinterModel] {
        var z230_203dpi = PrinterModel.zebraZ230_300dpi
        z230_203dpi.name = "zebra-z230-203dpi"
        z230_203dpi.dpi = 203
        z230_203dpi.dotsPerMillimetre = 8
        z230_203dpi.maxPrintWidthDots = 832
        return [.zebraZ230_300dpi, z230_203dpi]
    }

    public init(clock: Clock, models: [PrinterModel] = InMemoryStore.seededModels) {
        self.clock = clock
        self.models = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    var now: Date { clock.now }

    func sequence() -> Int {
        nextSequence += 1
        return nextSequence
    }

    // MARK: Rows

    struct PrinterRow {
        var printer: Printer
        var sequence: Int
        var deleted = false
        var createdAt: Date
        var updatedAt: Date
        var leaseOwner: String?
        var leaseToken: Int64 = 0
        var leaseExpiresAt: Date?
        var status = PrinterStatus.unknown

        func leaseIsLive(at now: Date) -> Bool { leaseExpiresAt.map { $0 >= now } ?? false }
    }

    struct LabelRow {
        var number: Int
        var status = LabelStatus.pending
        var lot: String?
        var data: [String: JSONValue]?
        var zpl: String?
        var reprintOfNumber: Int?
        var sentAt: Date?
        var printedAt: Date?
    }

    struct JobRow {
        var job: Job
        var sequence: Int
        var deleted = false
        var labelsSent = 0
        var labels: [LabelRow]
        var held = false
        /// A move asked while a process drives the job's printer.
        var moveTo: UUID?

        var isUnfinished: Bool { job.status == .queued || job.status == .printing }
    }

    struct LotRow {
        var allocatedAt: Date
        var jobID: UUID?
        var label: Int?
    }

    func printerIndex(named name: String) -> Int? {
        printers.firstIndex { $0.printer.name == name && !$0.deleted }
    }

    /// Ends every lease now, as a process dying and its lease running out would: the printers may be claimed again,
    /// and a move of their jobs no longer waits for a hand-over.
    public func expireLeases() {
        for index in printers.indices where printers[index].leaseOwner != nil {
            printers[index].leaseExpiresAt = .distantPast
        }
    }

    func printerIndex(id: UUID) -> Int? { printers.firstIndex { $0.printer.id == id } }

    func jobIndex(id: UUID) -> Int? { jobs.firstIndex { $0.job.id == id } }

    func record(_ row: PrinterRow) -> PrinterRecord {
        PrinterRecord(
            printer: row.printer, model: models[row.printer.model] ?? .zebraZ230_300dpi, status: row.status,
            drivenBy: row.leaseIsLive(at: now) ? row.leaseOwner : nil, createdAt: row.createdAt,
            updatedAt: row.updatedAt)
    }

    /// Changes a job and tells the tests that wait on it.
    func change(_ index: Int, _ body: (inout JobRow) throws -> Void) rethrows {
        try body(&jobs[index])
        jobs[index].job.updatedAt = now
        wakeWaiters(for: jobs[index].job)
    }

    /// A job may become `printing` only while no other job of its printer is: the partial unique index of the
    /// PostgreSQL schema.
    func startPrinting(_ index: Int) throws {
        let job = jobs[index].job
        if jobs.contains(where: {
            $0.job.printerID == job.printerID && $0.job.status == .printing && $0.job.id != job.id
        }) {
            throw StoreError(.conflict, "printer '\(job.printer)' already has a job printing")
        }
        change(index) { $0.job.status = .printing }
    }

    /// True when the job's `expires_at` has passed.
    func isExpired(_ row: JobRow) -> Bool { row.job.expiresAt.map { $0 <= now } ?? false }

    /// Whether a printer may start the job now: unfinished, not held, no move pending, not expired.
    func mayStart(_ row: JobRow) -> Bool { row.isUnfinished && !row.held && row.moveTo == nil && !isExpired(row) }

    /// The order a printer takes its jobs in: highest priority first, a started job before a fresh one, then oldest.
    func comesFirst(_ a: JobRow, _ b: JobRow) -> Bool {
        if a.job.priority != b.job.priority { return a.job.priority > b.job.priority }
        let (aStarted, bStarted) = (
            a.labelsSent > 0 || a.job.printedCount > 0, b.labelsSent > 0 || b.job.printedCount > 0
        )
        if aStarted != bStarted { return aStarted }
        return a.sequence < b.sequence
    }

    /// The waiting reason of a queued job on `printerIndex` that nothing else holds back.
    func queuedReason(held: Bool, printerIndex: Int) -> WaitingReason? {
        if held { return .held }
        let printer = printers[printerIndex]
        if printer.deleted || !printer.printer.enabled { return .printerDisabled }
        return printer.printer.paused ? .paused : nil
    }

    /// Labels sent and not confirmed become pending again: the job goes on from its first unconfirmed label.
    func resetUnconfirmed(_ row: inout JobRow) {
        for label in row.labels.indices where row.labels[label].status == .sent {
            row.labels[label].status = .pending
            row.labels[label].sentAt = nil
        }
        row.labelsSent = row.job.printedCount
    }

    /// Puts the job on the printer `target`, queued, from its first unconfirmed label, and logs the move.
    func performMove(_ index: Int, to target: UUID, actor: String? = nil) {
        guard let targetIndex = printerIndex(id: target) else { return }
        let from = jobs[index].job.printer
        change(index) { row in
            resetUnconfirmed(&row)
            row.job.printerID = target
            row.job.printer = printers[targetIndex].printer.name
            row.job.status = .queued
            row.job.nextAttemptAt = nil
            row.moveTo = nil
            row.job.movingTo = nil
            row.job.waitingReason = queuedReason(held: row.held, printerIndex: targetIndex)
        }
        append(
            .moved, jobID: jobs[index].job.id,
            data: ["from": from, "to": jobs[index].job.printer, "labels_done": "\(jobs[index].job.printedCount)"],
            actor: actor)
    }

    func append(_ kind: JobEvent.Kind, jobID: UUID, data: [String: String] = [:], actor: String? = nil) {
        events.append(
            JobEvent(id: Int64(events.count + 1), jobID: jobID, kind: kind, data: data, createdAt: now, actor: actor))
        if let index = jobIndex(id: jobID) { wakeWaiters(for: jobs[index].job) }
    }

    // MARK: Waiting for a job, for tests

    struct JobWaiter {
        let id: UUID
        let condition: @Sendable (Job, [JobEvent]) -> Bool
        let continuation: CheckedContinuation<Job, any Error>
    }

    /// The job as it is the first time `condition` holds (now, or at a later change), within `timeout` real time.
    public func waitFor(
        _ jobID: UUID, timeout: Duration = .seconds(20), _ condition: @escaping @Sendable (Job) -> Bool
    ) async throws -> Job {
        try await waitFor(jobID, timeout: timeout) { job, _ in condition(job) }
    }

    /// The job as it is when an event of `kind` is first in its history, within `timeout` real time.
    public func waitFor(_ jobID: UUID, event kind: JobEvent.Kind, timeout: Duration = .seconds(20)) async throws
        -> Job
    {
        try await waitFor(jobID, timeout: timeout) { _, events in events.contains { $0.kind == kind } }
    }

    private func waitFor(
        _ jobID: UUID, timeout: Duration, where condition: @escaping @Sendable (Job, [JobEvent]) -> Bool
    ) async throws -> Job {
        try await withDeadline(timeout, timeout: { WaitTimedOut(jobID: jobID, timeout: timeout) }) {
            try await self.nextState(of: jobID, where: condition)
        }
    }

    private func nextState(of jobID: UUID, where condition: @escaping @Sendable (Job, [JobEvent]) -> Bool)
        async throws -> Job
    {
        if let index = jobIndex(id: jobID), condition(jobs[index].job, history(of: jobID)) { return jobs[index].job }
        let waiterID = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[jobID, default: []].append(
                        JobWaiter(id: waiterID, condition: condition, continuation: continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(waiterID, for: jobID) }
        }
    }

    private func history(of jobID: UUID) -> [JobEvent] { events.filter { $0.jobID == jobID } }

    private func cancelWaiter(_ waiterID: UUID, for jobID: UUID) {
        guard let index = waiters[jobID]?.firstIndex(where: { $0.id == waiterID }) else { return }
        waiters[jobID]?.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func wakeWaiters(for job: Job) {
        guard let pending = waiters[job.id], !pending.isEmpty else { return }
        let history = history(of: job.id)
        var left: [JobWaiter] = []
        for waiter in pending {
            if waiter.condition(job, history) {
                waiter.continuation.resume(returning: job)
            } else {
                left.append(waiter)
            }
        }
        waiters[job.id] = left
    }

    // MARK: For tests

    /// Another process claims the printer as though the lease had run out, in one step (the holder cannot extend it
    /// in between): the holder's next write is refused. Nil when the printer has no unfinished job to claim it for.
    ///
    /// The new lease lasts ten virtual years by default: a worker that waits on a virtual clock runs through hours
    /// of it in a moment of real time, and the lease must outlast that.
    public func takeOverLease(
        ofPrinter name: String, owner: String, duration: Duration = .seconds(10 * 365 * 86_400)
    ) async throws -> PrinterLease? {
        guard let index = printerIndex(named: name) else { return nil }
        printers[index].leaseExpiresAt = now.addingTimeInterval(-1)
        let others = Set(printers.filter { $0.printer.name != name }.map(\.printer.id))
        return try await claimPrinter(owner: owner, site: nil, leaseDuration: duration, excluding: others)
    }

    /// Who holds the printer's lease, with which token, until when (nil when never claimed or released).
    public func lease(ofPrinter name: String) -> (owner: String?, token: Int64, expiresAt: Date?)? {
        guard let index = printers.firstIndex(where: { $0.printer.name == name }) else { return nil }
        let row = printers[index]
        return (row.leaseOwner, row.leaseToken, row.leaseExpiresAt)
    }

    /// Drops the stored ZPL of a job's labels, as the retention pruner does after its days.
    public func pruneDocuments(jobID: UUID) {
        guard let index = jobIndex(id: jobID) else { return }
        for label in jobs[index].labels.indices { jobs[index].labels[label].zpl = nil }
    }

    /// What the engine last recorded of the printer's status.
    public func status(ofPrinter name: String) -> PrinterStatus? {
        printers.first { $0.printer.name == name }?.status
    }
}

/// A job did not reach the state a test waited for.
public struct WaitTimedOut: Error, CustomStringConvertible {
    public let jobID: UUID
    public let timeout: Duration
    public var description: String { "job \(jobID) did not reach the state waited for within \(timeout)" }
}
