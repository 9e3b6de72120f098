import Foundation
import Logging

/// One job on one printer, from its first unconfirmed label to its end.
struct JobRun<Store: EngineStore, Clock: GatewayClock> {
    let worker: PrinterWorker<Store, Clock>
    let assignment: EngineAssignment
    var logger: Logger

    private var store: Store { worker.store }
    private var lease: PrinterLease { worker.lease }
    private var configuration: EngineConfiguration { worker.configuration }
    private var job: Job { assignment.job }
    private var printer: Printer { assignment.printer }
    private var metrics: EngineMetrics { worker.metrics }

    private var leaseClock: LeaseClock
    private var waitingReason: WaitingReason?
    private var attempts: Int
    private var lastStatus: PrinterStatus?
    /// This job's labels sent while the job before it printed, when the worker went on from there.
    private var carried: SendingJob?
    /// What the store asked the job to stop for, while it still had labels to send.
    private var stopping: JobInterruption?
    /// True once every label of the job is sent on the open connection: then it finishes, whatever is asked.
    private var everythingSent = false

    /// `leaseSince`: when the request that started the job (and extended the lease) was made.
    init(
        worker: PrinterWorker<Store, Clock>, assignment: EngineAssignment, carried: SendingJob?,
        leaseSince: ContinuousClock.Instant, logger: Logger
    ) {
        self.worker = worker
        self.assignment = assignment
        self.carried = carried
        self.logger = logger
        self.logger[metadataKey: "job.id"] = "\(assignment.job.id)"
        self.logger[metadataKey: "transport.uri"] = "\(PrinterURI.masked(assignment.printer.uri))"
        self.leaseClock = LeaseClock(duration: worker.configuration.leaseDuration, extendedSince: leaseSince)
        self.waitingReason = assignment.job.waitingReason
        self.attempts = assignment.job.attempts
    }

    /// Prints the job on the worker's connection (opening one when none is open for its printer) to its end.
    /// Returns the next job's labels sent while this job's last ones printed, for the worker to go on with.
    mutating func run(link: inout PrinterLink) async throws -> SendingJob? {
        do { return try await runToEnd(link: &link) } catch is JobCancelledAndFinished {
            logger.info("cancelled")
            return nil
        } catch is JobStopped {
            return nil
        }
    }

    private mutating func runToEnd(link: inout PrinterLink) async throws -> SendingJob? {
        var printed = job.printedCount
        logger.info("printing", metadata: ["labels.from": "\(printed + 1)", "labels.count": "\(job.labelCount)"])
        while true {
            let failure: any Error
            do {
                let opened = try await link.open(uri: printer.uri) {
                    try worker.transports.makeTransport(uri: printer.uri, model: assignment.model, logger: logger)
                }
                if opened {
                    carried = nil
                    if link.openings > 1 { metrics.reconnected(to: printer) }
                }
                let next: SendingJob?
                let stopped: JobInterruption?
                (printed, next, stopped) = try await pump(&link, from: printed)
                if let stopped {
                    try await stop(because: stopped)
                    return nil
                }
                try await finish(.completed)
                metrics.completed(after: worker.clock.now.timeIntervalSince(job.createdAt), on: printer)
                logger.info("completed", metadata: ["labels.printed": "\(printed)"])
                return next
            } catch let interrupted as PumpInterrupted {
                printed = interrupted.printed
                failure = interrupted.error
            } catch is JobCancelled {
                await link.close()
                try await finish(.cancelled)
                logger.info("cancelled")
                return nil
            } catch let error as TransportError {
                failure = error
            } catch {
                await link.close()
                throw error
            }
            await link.close()
            carried = nil
            everythingSent = false
            if worker.shutdown.isSet { throw ShuttingDown() }
            if isExpired {
                try await stop(because: .expired)
                return nil
            }
            if let error = failure as? TransportError, error.isWaitCondition {
                try await wait(for: error.status ?? .offline(error.message), detail: error.message)
                let woken = try await worker.wake.sleep(on: worker.clock, for: configuration.waitInterval)
                if woken || leaseClock.heartbeatDue { try await checkStillWanted() }
            } else if try await failAttempt(failure, printed: printed) {
                return nil
            }
        }
    }

    /// Sends labels within the window and confirms them until every label of the job is confirmed; once all are
    /// sent, sends the next queued job's first labels into the room left. Returns the job's confirmed count and
    /// the next job's start.
    private mutating func pump(_ link: inout PrinterLink, from start: Int) async throws -> (
        Int, SendingJob?, JobInterruption?
    ) {
        var run =
            carried.flatMap { $0.start == start ? $0 : nil } ?? SendingJob(job: job, offset: link.sent, start: start)
        carried = nil
        everythingSent = run.start + run.sent >= job.labelCount
        var confirmed = 0
        var next: SendingJob?
        var lookedAhead: Date?
        var progressAt = worker.clock.now
        var stopDeadline: Date?
        do {
            if waitingReason != nil { try await wait(for: nil, detail: nil) }
            // Labels sent ahead of this job may have printed already.
            _ = try await confirm(&run, &confirmed, on: link)
            var shutdownDeadline: Date?
            while start + confirmed < job.labelCount {
                var batch: [LabelDocument] = []
                if stopping == nil, !everythingSent, isExpired { stopping = .expired }
                if let reason = stopping {
                    // Send nothing more: clear what the printer holds where the transport can, else let it print,
                    // for a bounded time; what it confirms counts.
                    if stopDeadline == nil {
                        stopDeadline = worker.clock.now.addingTimeInterval(configuration.shutdownGrace.timeInterval)
                        next = nil
                        if try await link.cancelBuffered() { _ = try await confirm(&run, &confirmed, on: link) }
                    }
                    if link.inFlight == 0 || worker.clock.now >= stopDeadline ?? worker.clock.now {
                        return (start + confirmed, nil, reason)
                    }
                } else if worker.shutdown.isSet {
                    // Send nothing more; give the labels in flight a bounded time to be confirmed.
                    let deadline =
                        shutdownDeadline
                        ?? worker.clock.now.addingTimeInterval(configuration.shutdownGrace.timeInterval)
                    shutdownDeadline = deadline
                    if link.inFlight == 0 || worker.clock.now >= deadline { throw ShuttingDown() }
                } else {
                    let unrecorded = next.map { $0.confirmed(onConnection: link.confirmed) } ?? 0
                    var room =
                        link.pace.inFlight(window: configuration.window, duration: configuration.windowDuration)
                        - link.inFlight - unrecorded
                    batch = try await take(&room, of: &run)
                    everythingSent = run.start + run.sent >= job.labelCount
                    // The next job is looked for once the printer holds labels, so that a printer left idle gets
                    // its first label without waiting for that question.
                    if room > 0, !worker.shutdown.isSet, link.inFlight > 0 {
                        if next == nil, lookedAhead.map({ worker.clock.now.timeIntervalSince($0) >= 0.1 }) ?? true {
                            lookedAhead = worker.clock.now
                            next = try await store.nextQueuedJob(lease, after: job.id).map {
                                SendingJob(job: $0, offset: run.offset + run.sent, start: $0.printedCount)
                            }
                        }
                        if var ahead = next {
                            batch += try await take(&room, of: &ahead, required: false)
                            next = ahead
                        }
                    }
                    // The lease is looked at here, right before the write: taking the labels may have waited on the
                    // database (a slow commit, a restart) past the lease's margin, while another process may have
                    // claimed the printer. None goes out before the lease is extended again.
                    while !batch.isEmpty, !leaseClock.mayStillSend { try await heartbeat() }
                }
                let (progress, newly) = try await link.progress(afterSending: batch, clock: worker.clock)
                if newly > 0 || progress.status.waitingReason != nil || link.inFlight == 0 {
                    progressAt = worker.clock.now
                } else if worker.clock.now.timeIntervalSince(progressAt) > configuration.stallTimeout.timeInterval {
                    throw TransportError(
                        .failed,
                        "the printer reports ready but printed none of \(link.inFlight) labels in \(configuration.stallTimeout); it takes data without printing"
                    )
                }
                // Progress is recorded before a wait is announced, so a waiting job shows every confirmed label.
                if try await !confirm(&run, &confirmed, on: link), leaseClock.heartbeatDue {
                    try await heartbeat()
                }
                try await record(status: progress.status)
                if let reason = progress.status.waitingReason {
                    link.printerStopped()
                    try await wait(for: progress.status, detail: progress.status.detail ?? reason.rawValue)
                } else if waitingReason != nil {
                    try await wait(for: nil, detail: nil)
                }
                if start + confirmed < job.labelCount {
                    let delay =
                        waitingReason != nil
                        ? configuration.waitInterval
                        : pollDelay(link, progressed: newly > 0, since: progressAt)
                    let woken =
                        delay > .zero
                        ? try await worker.wake.sleep(on: worker.clock, for: delay) : worker.wake.takePending()
                    // A change to one of the printer's jobs (a cancel, a hold, a move): read it before sending more.
                    if woken { try await heartbeat() }
                }
            }
        } catch let error as TransportError {
            throw PumpInterrupted(printed: start + confirmed, error: error)
        } catch is JobCancelled {
            // Cancel means stop: the printer's buffer is cleared where the transport can, and what it printed counts.
            if (try? await link.cancelBuffered()) == true {
                _ = try? await record(&run, &confirmed, on: link)
            }
            throw JobCancelled()
        }
        return (start + confirmed, next, nil)
    }

    /// True once the job's `expires_at` has passed.
    private var isExpired: Bool { job.expiresAt.map { worker.clock.now >= $0 } ?? false }

    /// Gives the printer up for `interruption`: the store queues, moves or ends the job.
    private mutating func stop(because interruption: JobInterruption) async throws {
        let asked = ContinuousClock.now
        try await store.interrupt(lease, jobID: job.id, because: interruption)
        leaseClock.extended(since: asked)
        if interruption == .expired { metrics.jobFinished(.cancelled, on: printer) }
        logger.notice("stopped sending", metadata: ["job.interruption": "\(interruption.rawValue)"])
    }

    /// Notes what the store asks: a cancel stops at once; an interruption while labels are left to send stops the
    /// sending (once every label is sent the job finishes instead).
    private mutating func obey(_ control: JobControl) throws {
        if control.status == .cancelled { throw JobCancelled() }
        if stopping == nil, !everythingSent, let interruption = control.interruption { stopping = interruption }
    }

    /// Takes up to `room` labels of `run` to send, fetching them in batches; `room` shrinks by what it took.
    /// A label without ZPL fails the attempt when it is this job's (`required`), and ends the taking otherwise.
    private func take(_ room: inout Int, of run: inout SendingJob, required: Bool = true) async throws
        -> [LabelDocument]
    {
        var batch: [LabelDocument] = []
        while room > 0, run.start + run.sent < run.job.labelCount {
            if run.pending.isEmpty {
                let from = run.start + run.sent + 1
                run.pending = try await store.labels(jobID: run.job.id, from: from, limit: Self.fetchedAtOnce)
                guard !run.pending.isEmpty else {
                    guard required else { break }
                    throw TransportError(.failed, "label \(from) of job \(run.job.id) has no ZPL")
                }
                run.pending.reverse()
            }
            batch.append(run.pending.removeLast())
            run.sent += 1
            run.sentAt.append(worker.clock.now)
            room -= 1
        }
        return batch
    }

    /// Label documents read from the store at once.
    static var fetchedAtOnce: Int { 100 }

    /// Checkpoints the labels of this job that the connection confirmed since the last checkpoint; false when there
    /// were none.
    private mutating func confirm(_ run: inout SendingJob, _ confirmed: inout Int, on link: PrinterLink) async throws
        -> Bool
    {
        guard let control = try await record(&run, &confirmed, on: link) else { return false }
        try obey(control)
        return true
    }

    /// Checkpoints the newly confirmed labels; nil when there were none.
    private mutating func record(_ run: inout SendingJob, _ confirmed: inout Int, on link: PrinterLink) async throws
        -> JobControl?
    {
        let nowConfirmed = max(confirmed, run.confirmed(onConnection: link.confirmed))
        guard nowConfirmed > confirmed else { return nil }
        recordConfirmations(nowConfirmed - confirmed, sentAt: &run.sentAt, firstOfJob: run.start + confirmed == 0)
        confirmed = nowConfirmed
        return try await advance(printed: run.start + confirmed, sent: run.start + run.sent)
    }

    /// The wait before the next question while labels are in flight: after a confirmation, until about half of what
    /// the printer holds has printed at its pace (none on a printer faster than a question); longer the longer
    /// nothing has been confirmed; never more than the poll interval.
    private func pollDelay(_ link: PrinterLink, progressed: Bool, since progressAt: Date) -> Duration {
        let paced = link.pace.pollDelay(holding: link.inFlight, maximum: configuration.pollInterval)
        if progressed { return paced }
        let quiet = Duration(timeInterval: worker.clock.now.timeIntervalSince(progressAt) / 8)
        return min(configuration.pollInterval, max(paced, quiet, .milliseconds(1)))
    }

    /// Reports `count` newly confirmed labels: the printer's counter, their latency since sending, and the job's
    /// time to its first label when these include label 1.
    private func recordConfirmations(_ count: Int, sentAt: inout [Date], firstOfJob: Bool) {
        let now = worker.clock.now
        metrics.confirmed(after: sentAt.prefix(count).map { now.timeIntervalSince($0) }, on: printer)
        sentAt.removeFirst(min(count, sentAt.count))
        metrics.labelsPrinted(count, on: printer)
        if firstOfJob { metrics.firstLabel(after: now.timeIntervalSince(job.createdAt), on: printer) }
    }

    /// Ends the job in the store and counts its outcome.
    private func finish(_ outcome: JobOutcome) async throws {
        try await store.finish(lease, jobID: job.id, outcome: outcome)
        metrics.jobFinished(outcome, on: printer)
    }

    /// Records that the job waits for its printer (or no longer waits when `status` is nil).
    private mutating func wait(for status: PrinterStatus?, detail: String?) async throws {
        let reason = status?.waitingReason ?? (status == nil ? nil : .printerOffline)
        if let status { try await record(status: status) }
        if reason != waitingReason {
            let asked = ContinuousClock.now
            try await store.setWaiting(lease, jobID: job.id, reason: reason, detail: detail)
            leaseClock.extended(since: asked)
            if let reason {
                logger.notice("waiting for printer", metadata: ["waiting_reason": "\(reason.rawValue)"])
            } else {
                logger.info("printer ready again; resuming")
            }
            waitingReason = reason
        } else if leaseClock.heartbeatDue {
            try await heartbeat()
        }
    }

    private mutating func record(status: PrinterStatus) async throws {
        guard status.state != lastStatus?.state || status.reasons != lastStatus?.reasons else { return }
        lastStatus = status
        var stamped = status
        stamped.checkedAt = worker.clock.now
        try await store.updatePrinterStatus(printerID: assignment.printer.id, status: stamped, onlyIfIdle: false)
    }

    private mutating func heartbeat() async throws {
        try obey(try await advance(printed: 0, sent: 0))
    }

    /// The job's fenced checkpoint (a heartbeat with zeros), which extends the lease from when it was asked.
    private mutating func advance(printed: Int, sent: Int) async throws -> JobControl {
        let asked = ContinuousClock.now
        let control = try await store.advance(lease, jobID: job.id, printed: printed, sent: sent)
        leaseClock.extended(since: asked)
        return control
    }

    /// Between attempts, with no connection open: ends the run when the job was cancelled meanwhile
    /// (``JobCancelledAndFinished``) or is asked to stop (``JobStopped``, after giving the printer up).
    private mutating func checkStillWanted() async throws {
        let control = try await advance(printed: 0, sent: 0)
        if control.status == .cancelled {
            try await finish(.cancelled)
            throw JobCancelledAndFinished()
        }
        if let interruption = control.interruption ?? (isExpired ? .expired : nil) {
            try await stop(because: interruption)
            throw JobStopped(interruption: interruption)
        }
    }

    /// Records a failed attempt and backs off. Returns true when the job has ended (attempts used up).
    private mutating func failAttempt(_ error: any Error, printed: Int) async throws -> Bool {
        let message = (error as? TransportError)?.description ?? "\(error)"
        let backoff = configuration.retry.delay(afterAttempt: attempts + 1)
        let lastAttempt = attempts + 1 >= job.maxAttempts
        let nextAttempt = lastAttempt ? nil : worker.clock.now.addingTimeInterval(backoff.timeInterval)
        let asked = ContinuousClock.now
        attempts = try await store.recordFailure(lease, jobID: job.id, error: message, nextAttemptAt: nextAttempt)
        leaseClock.extended(since: asked)
        if attempts >= job.maxAttempts {
            logger.error("giving up", metadata: ["error": "\(message)", "attempts": "\(attempts)"])
            try await finish(.gaveUp(error: message))
            metrics.labelsFailed(job.labelCount - printed, on: printer)
            return true
        }
        metrics.retried(on: printer)
        waitingReason = .retryBackoff
        logger.warning("attempt failed; retrying", metadata: ["error": "\(message)", "attempts": "\(attempts)"])
        try await sleepKeepingLease(backoff)
        return false
    }

    /// Sleeps on the engine clock while keeping the lease alive in real time.
    private mutating func sleepKeepingLease(_ duration: Duration) async throws {
        var left = duration
        while left > .zero {
            if worker.shutdown.isSet { throw ShuttingDown() }
            let step = min(left, configuration.waitInterval)
            let before = worker.clock.now
            let woken = try await worker.wake.sleep(on: worker.clock, for: step)
            // A wake-up ends the step early; the backoff still runs its whole length.
            left -= woken ? min(step, Duration(timeInterval: worker.clock.now.timeIntervalSince(before))) : step
            if woken || leaseClock.heartbeatDue { try await checkStillWanted() }
        }
        try await checkStillWanted()
    }
}
