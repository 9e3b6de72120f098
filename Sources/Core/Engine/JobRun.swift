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

    init(worker: PrinterWorker<Store, Clock>, assignment: EngineAssignment, logger: Logger) {
        self.worker = worker
        self.assignment = assignment
        self.logger = logger
        self.logger[metadataKey: "job.id"] = "\(assignment.job.id)"
        self.logger[metadataKey: "transport.uri"] = "\(assignment.printer.uri)"
        self.leaseClock = LeaseClock(duration: worker.configuration.leaseDuration)
        self.waitingReason = assignment.job.waitingReason
        self.attempts = assignment.job.attempts
    }

    mutating func run() async throws {
        do { try await runToEnd() } catch is JobCancelledAndFinished { logger.info("cancelled") }
    }

    private mutating func runToEnd() async throws {
        var printed = job.printedCount
        logger.info("printing", metadata: ["labels.from": "\(printed + 1)", "labels.count": "\(job.labelCount)"])
        var opened = 0
        while true {
            var transport: (any Transport)?
            let failure: any Error
            do {
                let connection = try worker.transports.makeTransport(
                    uri: assignment.printer.uri, model: assignment.model, logger: logger)
                transport = connection
                try await connection.open()
                if opened > 0 { metrics.reconnected(to: printer) }
                opened += 1
                printed = try await pump(connection, from: printed)
                await connection.close()
                try await finish(.completed)
                metrics.completed(after: worker.clock.now.timeIntervalSince(job.createdAt), on: printer)
                logger.info("completed", metadata: ["labels.printed": "\(printed)"])
                return
            } catch let interrupted as PumpInterrupted {
                printed = interrupted.printed
                failure = interrupted.error
            } catch is JobCancelled {
                await transport?.close()
                try await finish(.cancelled)
                logger.info("cancelled")
                return
            } catch let error as TransportError {
                failure = error
            } catch {
                await transport?.close()
                throw error
            }
            await transport?.close()
            if worker.shutdown.isSet { throw ShuttingDown() }
            if let error = failure as? TransportError, error.isWaitCondition {
                try await wait(for: error.status ?? .offline(error.message), detail: error.message)
                try await worker.clock.sleep(for: configuration.waitInterval)
                if leaseClock.heartbeatDue { try await checkStillWanted() }
            } else if try await failAttempt(failure, printed: printed) {
                return
            }
        }
    }

    /// Sends labels within the window and confirms them until every label of the job is confirmed.
    /// Returns the job's confirmed count.
    private mutating func pump(_ transport: any Transport, from start: Int) async throws -> Int {
        let total = job.labelCount
        var sent = 0
        var confirmed = 0
        var pending: [LabelDocument] = []
        // When each label in flight was sent, oldest first, for the confirmation latency.
        var sentAt: [Date] = []
        var progressAt = worker.clock.now
        do {
            if waitingReason != nil { try await wait(for: nil, detail: nil) }
            var shutdownDeadline: Date?
            while start + confirmed < total {
                if worker.shutdown.isSet {
                    // Send nothing more; give the labels in flight a bounded time to be confirmed.
                    let deadline =
                        shutdownDeadline
                        ?? worker.clock.now.addingTimeInterval(
                            configuration.shutdownGrace.timeInterval)
                    shutdownDeadline = deadline
                    if sent == confirmed || worker.clock.now >= deadline { throw ShuttingDown() }
                }
                while !worker.shutdown.isSet, sent - confirmed < configuration.window, start + sent < total {
                    guard leaseClock.mayStillSend else { try await heartbeat(); continue }
                    if pending.isEmpty {
                        pending = try await store.labels(jobID: job.id, from: start + sent + 1, limit: 100)
                        guard !pending.isEmpty else {
                            throw TransportError(.failed, "label \(start + sent + 1) of job \(job.id) has no ZPL")
                        }
                    }
                    try await transport.send(pending.removeFirst())
                    sentAt.append(worker.clock.now)
                    sent += 1
                }
                let progress = try await transport.progress()
                // Progress is recorded before a wait is announced, so a waiting job shows every confirmed label.
                let nowConfirmed = min(sent, max(confirmed, progress.confirmed))
                if nowConfirmed > confirmed || progress.status.waitingReason != nil || sent == confirmed {
                    progressAt = worker.clock.now
                } else if worker.clock.now.timeIntervalSince(progressAt) > configuration.stallTimeout.timeInterval {
                    throw TransportError(
                        .failed,
                        "the printer reports ready but printed none of \(sent - confirmed) labels in \(configuration.stallTimeout); it takes data without printing"
                    )
                }
                if nowConfirmed > confirmed {
                    recordConfirmations(nowConfirmed - confirmed, sentAt: &sentAt, firstOfJob: start + confirmed == 0)
                    confirmed = nowConfirmed
                    let status = try await store.checkpoint(
                        lease, jobID: job.id, printed: start + confirmed, sent: start + sent)
                    leaseClock.extended()
                    if status == .cancelled { throw JobCancelled() }
                } else if leaseClock.heartbeatDue {
                    try await heartbeat()
                }
                try await record(status: progress.status)
                if let reason = progress.status.waitingReason {
                    try await wait(for: progress.status, detail: progress.status.detail ?? reason.rawValue)
                } else if waitingReason != nil {
                    try await wait(for: nil, detail: nil)
                }
                if start + confirmed < total {
                    try await worker.clock.sleep(
                        for: waitingReason == nil ? configuration.pollInterval : configuration.waitInterval)
                }
            }
        } catch let error as TransportError {
            throw PumpInterrupted(printed: start + confirmed, error: error)
        }
        return start + confirmed
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
