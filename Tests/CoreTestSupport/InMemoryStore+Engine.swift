import Core
import Foundation

extension InMemoryStore: EngineStore {
    public func claimPrinter(owner: String, site: String?, leaseDuration: Duration, excluding: Set<UUID>) async throws
        -> PrinterLease?
    {
        let candidates = printers.indices.filter { index in
            let row = printers[index]
            return !row.deleted && row.printer.enabled && (site == nil || row.printer.site == site)
                && !row.leaseIsLive(at: now) && !excluding.contains(row.printer.id)
                && jobs.contains { job in
                    job.job.printerID == row.printer.id && job.isUnfinished
                        && ((!job.held && !row.printer.paused) || job.moveTo != nil || isExpired(job))
                }
        }
        // Never claimed first, then the lease that expired longest ago.
        guard
            let index = candidates.min(by: { first, second in
                let (a, b) = (printers[first], printers[second])
                switch (a.leaseExpiresAt, b.leaseExpiresAt) {
                case (nil, nil): return a.sequence < b.sequence
                case (nil, _): return true
                case (_, nil): return false
                case (let x?, let y?): return x == y ? a.sequence < b.sequence : x < y
                }
            })
        else { return nil }
        printers[index].leaseOwner = owner
        printers[index].leaseToken += 1
        printers[index].leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let row = printers[index]
        return PrinterLease(
            printerID: row.printer.id, printerName: row.printer.name, owner: owner, token: row.leaseToken,
            duration: leaseDuration)
    }

    /// Extends the lease if its token is still current; throws ``LeaseLostError`` and changes nothing otherwise.
    private func fence(_ lease: PrinterLease) throws {
        guard let index = printerIndex(id: lease.printerID), printers[index].leaseToken == lease.token,
            printers[index].leaseOwner == lease.owner
        else { throw LeaseLostError(printerName: lease.printerName) }
        printers[index].leaseExpiresAt = now.addingTimeInterval(lease.duration.timeInterval)
    }

    private func unfinishedJob(_ jobID: UUID) -> Int? {
        jobIndex(id: jobID).flatMap { jobs[$0].isUnfinished ? $0 : nil }
    }

    public func startNextJob(_ lease: PrinterLease, continuing: UUID?) async throws -> EngineAssignment? {
        try fence(lease)
        guard let printerIndex = printerIndex(id: lease.printerID), !printers[printerIndex].deleted,
            printers[printerIndex].printer.enabled
        else { return nil }
        let printer = printers[printerIndex].printer
        for index in jobs.indices
        where jobs[index].job.printerID == printer.id && jobs[index].isUnfinished && jobs[index].job.id != continuing {
            if isExpired(jobs[index]) {
                expire(index)
            } else if let target = jobs[index].moveTo {
                performMove(index, to: target)
            }
        }
        let unfinished = jobs.indices.filter { jobs[$0].job.printerID == printer.id && jobs[$0].isUnfinished }
        let chosen: Int?
        if let continuing, let index = unfinished.first(where: { jobs[$0].job.id == continuing }) {
            chosen = index
        } else if printer.paused {
            chosen = nil
        } else {
            let startable = unfinished.filter { mayStart(jobs[$0]) }
            // A job left printing by a crashed process first, then by priority, started first, oldest first.
            chosen =
                startable.first(where: { jobs[$0].job.status == .printing })
                ?? startable.min(by: { comesFirst(jobs[$0], jobs[$1]) })
        }
        guard let index = chosen else { return nil }
        try startPrinting(index)
        change(index) { row in
            row.job.waitingReason = nil
            row.job.nextAttemptAt = nil
        }
        let job = jobs[index].job
        append(
            .claimed, jobID: job.id,
            data: [
                "owner": lease.owner, "lease_token": "\(lease.token)", "labels_done": "\(job.printedCount)",
                "uri": printer.uri,
            ])
        return EngineAssignment(job: job, printer: printer, model: models[printer.model] ?? .zebraZ230_300dpi)
    }

    public func nextQueuedJob(_ lease: PrinterLease, after jobID: UUID) async throws -> Job? {
        guard let printerIndex = printerIndex(id: lease.printerID), !printers[printerIndex].printer.paused else {
            return nil
        }
        return jobs.filter {
            $0.job.printerID == lease.printerID && $0.job.status == .queued && $0.job.id != jobID && mayStart($0)
        }
        .min(by: comesFirst)?.job
    }

    /// Ends a job whose `expires_at` has passed.
    private func expire(_ index: Int) {
        change(index) { row in
            row.job.status = .cancelled
            row.job.endReason = .expired
            row.job.waitingReason = nil
            row.job.nextAttemptAt = nil
            row.job.completedAt = now
        }
        append(.expired, jobID: jobs[index].job.id, data: ["labels_done": "\(jobs[index].job.printedCount)"])
    }

    /// What asks the job to stop sending, if anything.
    private func interruption(of index: Int) -> JobInterruption? {
        let row = jobs[index]
        guard row.isUnfinished else { return nil }
        if isExpired(row) { return .expired }
        if row.moveTo != nil { return .moved }
        if row.held { return .held }
        if let printer = printerIndex(id: row.job.printerID), printers[printer].printer.paused { return .paused }
        let rush = jobs.contains {
            $0.job.printerID == row.job.printerID && $0.job.status == .queued && $0.job.priority == 10
                && $0.job.id != row.job.id && mayStart($0)
        }
        return rush && row.job.priority < 10 ? .preempted : nil
    }

    public func interrupt(_ lease: PrinterLease, jobID: UUID, because interruption: JobInterruption) async throws {
        try fence(lease)
        guard let index = unfinishedJob(jobID), let printerIndex = printerIndex(id: jobs[index].job.printerID) else {
            return
        }
        switch interruption {
        case .expired:
            expire(index)
        case .moved:
            if let target = jobs[index].moveTo { performMove(index, to: target) }
        case .held, .paused, .preempted:
            change(index) { row in
                resetUnconfirmed(&row)
                row.job.status = .queued
                row.job.waitingReason = queuedReason(held: row.held, printerIndex: printerIndex)
            }
            let job = jobs[index].job
            if interruption == .preempted {
                append(.preempted, jobID: jobID, data: ["labels_done": "\(job.printedCount)"])
            } else if let reason = job.waitingReason {
                append(.waiting, jobID: jobID, data: ["waiting_reason": reason.rawValue])
            }
        }
    }

    public func labels(jobID: UUID, from: Int, limit: Int) async throws -> [LabelDocument] {
        if let slowAnswer { await slowAnswer(.labels(from: from)) }
        guard let index = jobIndex(id: jobID) else { return [] }
        return jobs[index].labels.filter { $0.number >= from && $0.zpl != nil }.prefix(limit).map { row in
            LabelDocument(number: row.number, zpl: Array((row.zpl ?? "").utf8))
        }
    }

    public func advance(_ lease: PrinterLease, jobID: UUID?, printed: Int, sent: Int) async throws -> JobControl {
        try fence(lease)
        guard let jobID, let index = jobIndex(id: jobID) else { return JobControl(status: nil) }
        guard printed <= jobs[index].job.labelCount else {
            throw StoreError(.invalid, "job \(jobID) has \(jobs[index].job.labelCount) labels, not \(printed)")
        }
        let previous = jobs[index].job.printedCount
        if printed > previous || sent > jobs[index].labelsSent {
            change(index) { row in
                for label in row.labels.indices
                where row.labels[label].number <= sent && [.pending, .sent].contains(row.labels[label].status) {
                    let isPrinted = row.labels[label].number <= printed
                    row.labels[label].status = isPrinted ? .printed : .sent
                    row.labels[label].printedAt = isPrinted ? (row.labels[label].printedAt ?? now) : nil
                    row.labels[label].sentAt = row.labels[label].sentAt ?? now
                }
                row.job.printedCount = max(row.job.printedCount, printed)
                row.labelsSent = max(row.labelsSent, sent)
            }
        }
        if printed > previous {
            append(
                .labelsConfirmed, jobID: jobID,
                data: ["from": "\(previous + 1)", "to": "\(printed)", "labels_done": "\(printed)"])
        }
        let control = JobControl(status: jobs[index].job.status, interruption: interruption(of: index))
        if let slowAnswer { await slowAnswer(.advance(printed: printed)) }
        return control
    }

    public func setWaiting(_ lease: PrinterLease, jobID: UUID, reason: WaitingReason?, detail: String?) async throws {
        try fence(lease)
        guard let index = unfinishedJob(jobID), jobs[index].job.waitingReason != reason else { return }
        if reason == nil {
            try startPrinting(index)
        } else {
            change(index) { $0.job.status = .queued }
        }
        change(index) { $0.job.waitingReason = reason }
        if let reason {
            var data = ["waiting_reason": reason.rawValue]
            if let detail { data["detail"] = detail }
            append(.waiting, jobID: jobID, data: data)
        } else {
            append(.resumed, jobID: jobID)
        }
    }

    public func recordFailure(_ lease: PrinterLease, jobID: UUID, error: String, nextAttemptAt: Date?) async throws
        -> Int
    {
        try fence(lease)
        // A job that ended meanwhile (cancelled) stays as it is.
        guard let index = unfinishedJob(jobID) else { return jobIndex(id: jobID).map { jobs[$0].job.attempts } ?? 0 }
        change(index) { row in
            row.job.attempts += 1
            row.job.lastError = error
            row.job.nextAttemptAt = nextAttemptAt
            row.job.status = .queued
            row.job.waitingReason = nextAttemptAt == nil ? nil : .retryBackoff
        }
        let attempts = jobs[index].job.attempts
        var data = ["attempt": "\(attempts)", "error": error]
        if let nextAttemptAt { data["next_attempt_at"] = nextAttemptAt.formatted(.iso8601) }
        append(.retried, jobID: jobID, data: data)
        return attempts
    }

    public func finish(_ lease: PrinterLease, jobID: UUID, outcome: JobOutcome) async throws {
        try fence(lease)
        guard let index = jobIndex(id: jobID) else { return }
        let status = jobs[index].job.status
        switch outcome {
        case .completed:
            guard jobs[index].isUnfinished else { return }
            change(index) { row in
                row.job.status = .completed
                row.job.endReason = .completed
                row.job.waitingReason = nil
                row.job.nextAttemptAt = nil
                row.job.completedAt = now
            }
            append(.completed, jobID: jobID, data: ["labels_done": "\(jobs[index].job.printedCount)"])
        case .gaveUp(let error):
            guard jobs[index].isUnfinished else { return }
            change(index) { row in
                for label in row.labels.indices where row.labels[label].number > row.job.printedCount {
                    row.labels[label].status = .failed
                }
                row.job.status = row.job.printedCount > 0 ? .completed : .failed
                row.job.endReason = JobEndReason.ending(row.job.status)
                row.job.failedCount = row.job.labelCount - row.job.printedCount
                row.job.waitingReason = nil
                row.job.nextAttemptAt = nil
                row.job.lastError = error
                row.job.completedAt = now
            }
            let job = jobs[index].job
            append(
                job.status == .failed ? .failed : .completed, jobID: jobID,
                data: ["labels_done": "\(job.printedCount)", "failed_count": "\(job.failedCount)", "error": error])
        case .cancelled:
            guard jobs[index].isUnfinished || status == .cancelled else { return }
            change(index) { row in
                row.job.status = .cancelled
                row.job.endReason = row.job.endReason ?? .cancelledByRequest
                row.job.waitingReason = nil
                row.job.nextAttemptAt = nil
                row.job.completedAt = row.job.completedAt ?? now
            }
            append(.cancelled, jobID: jobID, data: ["labels_done": "\(jobs[index].job.printedCount)"])
        }
    }

    public func updatePrinterStatus(printerID: UUID, status: PrinterStatus, onlyIfIdle: Bool) async throws {
        guard let index = printerIndex(id: printerID), !onlyIfIdle || !printers[index].leaseIsLive(at: now) else {
            return
        }
        var status = status
        status.checkedAt = status.checkedAt ?? now
        printers[index].status = status
    }

    public func idlePrinters(site: String?) async throws -> [(Printer, PrinterModel)] {
        printers
            .filter { row in
                !row.deleted && row.printer.enabled && (site == nil || row.printer.site == site)
                    && !row.leaseIsLive(at: now)
            }
            .sorted { $0.printer.name < $1.printer.name }
            .map { ($0.printer, models[$0.printer.model] ?? .zebraZ230_300dpi) }
    }

    public func release(_ lease: PrinterLease) async throws {
        guard let index = printerIndex(id: lease.printerID), printers[index].leaseToken == lease.token,
            printers[index].leaseOwner == lease.owner
        else { return }
        printers[index].leaseOwner = nil
        printers[index].leaseExpiresAt = nil
        // A job left mid-way (shutdown) goes back to the queue for whoever claims the printer next.
        for job in jobs.indices where jobs[job].job.printerID == lease.printerID && jobs[job].job.status == .printing {
            let held = jobs[job].held
            change(job) { row in
                row.job.status = .queued
                if held { row.job.waitingReason = .held }
            }
            append(
                .released, jobID: jobs[job].job.id,
                data: ["owner": lease.owner, "labels_done": "\(jobs[job].job.printedCount)"])
        }
    }
}
