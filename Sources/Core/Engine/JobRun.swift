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

    init(worker: PrinterWorker<Store, Clock>, assignment: EngineAssignment, carried: SendingJob?, logger: Logger) {
        self.worker = worker
        self.assignment = assignment
        self.carried = carried
        self.logger = logger
        self.logger[metadataKey: "job.id"] = "\(assignment.job.id)"
        self.logger[metadataKey: "transport.uri"] = "\(PrinterURI.masked(assignment.printer.uri))"
        self.leaseClock = LeaseClock(duration: worker.configuration.leaseDuration)
        self.waitingReason = assignment.job.waitingReason
        self.attempts = assignment.job.attempts
    }

    /// Prints the job on the worker's connection (opening one when none is open for its printer) to its end.
    /// Returns the next job's labels sent while this job's last ones printed, for the worker to go on with.
    mutating func run(link: inout PrinterLink) async throws -> SendingJob? {
        do { return try await runToEnd(link: &link) } catch is JobCancelledAndFinished {
            logger.info("cancelled")
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
                (printed, next) = try await pump(&link, from: printed)
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
            if worker.shutdown.isSet { throw ShuttingDown() }
            if let error = failure as? TransportError, error.isWaitCondition {
                try await wait(for: error.status ?? .offline(error.message), detail: error.message)
                try await worker.clock.sleep(for: configuration.waitInterval)
                if leaseClock.heartbeatDue { try await checkStillWanted() }
            } else if try await failAttempt(failure, printed: printed) {
                return nil
            }
        }
    }

    /// Sends labels within the window and confirms them until every label of the job is confirmed; once all are
    /// sent, sends the next queued job's first labels into the room left. Returns the job's confirmed count and
    /// the next job's start.
    private mutating func pump(_ link: inout PrinterLink, from start: Int) async throws -> (Int, SendingJob?) {
        var run =
            carried.flatMap { $0.start == start ? $0 : nil } ?? SendingJob(job: job, offset: link.sent, start: start)
        carried = nil
        var confirmed = 0
        var next: SendingJob?
        var lookedAhead: Date?
        var progressAt = worker.clock.now
        do {
            if waitingReason != nil { try await wait(for: nil, detail: nil) }
            // Labels sent ahead of this job may have printed already.
            _ = try await confirm(&run, &confirmed, on: link)
            var shutdownDeadline: Date?
            while start + confirmed < job.labelCount {
                var batch: [LabelDocument] = []
                if worker.shutdown.isSet {
                    // Send nothing more; give the labels in flight a bounded time to be confirmed.
                    let deadline =
                        shutdownDeadline
                        ?? worker.clock.now.addingTimeInterval(configuration.shutdownGrace.timeInterval)
                    shutdownDeadline = deadline
                    if link.inFlight == 0 || worker.clock.now >= deadline { throw ShuttingDown() }
                } else {
                    guard leaseClock.mayStillSend else {
                        try await heartbeat()
                        continue
                    }
                    let unrecorded = next.map { $0.confirmed(onConnection: link.confirmed) } ?? 0
                    var room =
                        link.pace.inFlight(window: configuration.window, duration: configuration.windowDuration)
                        - link.inFlight - unrecorded
                    batch = try await take(&room, of: &run)
                    if room > 0, !worker.shutdown.isSet {
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
                    if delay > .zero { try await worker.clock.sleep(for: delay) }
                }
            }
        } catch let error as TransportError {
            throw PumpInterrupted(printed: start + confirmed, error: error)
        }
        return (start + confirmed, next)
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
        let nowConfirmed = max(confirmed, run.confirmed(onConnection: link.confirmed))
        guard nowConfirmed > confirmed else { return false }
        recordConfirmations(nowConfirmed - confirmed, sentAt: &run.sentAt, firstOfJob: run.start + confirmed == 0)
        confirmed = nowConfirmed
        let status = try await store.checkpoint(
            lease, jobID: job.id, printed: run.start + confirmed, sent: run.start + run.sent)
        leaseClock.extended()
        if status == .cancelled { throw JobCancelled() }
        return true
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
        for sent in sentAt.prefix(count) { metrics.confirmed(after: now.timeIntervalSince(sent), on: printer) }
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
            try await store.setWaiting(lease, jobID: job.id, reason: reason, detail: detail)
            leaseClock.extended()
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
        let status = try await store.heartbeat(lease, jobID: job.id)
        leaseClock.extended()
        if status == .cancelled { throw JobCancelled() }
    }

    /// Stops when the job was cancelled meanwhile (throws ``JobCancelled`` handled by the caller's loop next time).
    private mutating func checkStillWanted() async throws {
        let status = try await store.heartbeat(lease, jobID: job.id)
        leaseClock.extended()
        if status == .cancelled {
            try await finish(.cancelled)
            throw JobCancelledAndFinished()
        }
    }

    /// Records a failed attempt and backs off. Returns true when the job has ended (attempts used up).
    private mutating func failAttempt(_ error: any Error, printed: Int) async throws -> Bool {
        let message = (error as? TransportError)?.description ?? "\(error)"
        let backoff = configuration.retry.delay(afterAttempt: attempts + 1)
        let lastAttempt = attempts + 1 >= job.maxAttempts
        let nextAttempt = lastAttempt ? nil : worker.clock.now.addingTimeInterval(backoff.timeInterval)
        attempts = try await store.recordFailure(lease, jobID: job.id, error: message, nextAttemptAt: nextAttempt)
        leaseClock.extended()
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
            try await worker.clock.sleep(for: step)
            left -= step
            if leaseClock.heartbeatDue { try await checkStillWanted() }
        }
        try await checkStillWanted()
    }
}
