import Core
import Foundation

extension InMemoryStore: JobStore {
    public func submit(_ newJob: NewJob) async throws -> (job: Job, created: Bool) {
        guard let printerIndex = printerIndex(named: newJob.printer) else {
            throw StoreError(.notFound, "no printer named '\(newJob.printer)'")
        }
        if let key = newJob.idempotencyKey, let first = jobs.first(where: { $0.job.idempotencyKey == key }) {
            guard !first.deleted else { throw StoreError(.notFound, "job \(first.job.id) vanished") }
            return (first.job, false)
        }
        guard !newJob.labels.isEmpty else { throw StoreError(.invalid, "a job needs at least one label") }
        let jobID = UUID()
        try bindLots(newJob.lotUses, jobID: jobID)
        let printer = printers[printerIndex].printer
        let job = Job(
            id: jobID, printerID: printer.id, printer: printer.name, template: newJob.template, status: .queued,
            waitingReason: queuedReason(held: newJob.hold, printerIndex: printerIndex), labelCount: newJob.labels.count,
            printedCount: 0, failedCount: 0, attempts: 0, maxAttempts: newJob.maxAttempts, lastError: nil,
            nextAttemptAt: nil, reprintOfJobID: newJob.reprintOfJobID, idempotencyKey: newJob.idempotencyKey,
            confirmation: nil, createdAt: now, updatedAt: now, completedAt: nil, submittedBy: newJob.submittedBy,
            metadata: newJob.metadata, priority: newJob.priority, expiresAt: newJob.expiresAt)
        let labels = newJob.labels.enumerated().map { index, label in
            LabelRow(
                number: index + 1, lot: label.lot, data: label.data, zpl: label.zpl,
                reprintOfNumber: label.reprintOfNumber)
        }
        jobs.append(JobRow(job: job, sequence: sequence(), labels: labels, held: newJob.hold))
        var data = ["label_count": "\(newJob.labels.count)", "printer": newJob.printer]
        if let original = newJob.reprintOfJobID { data["reprint_of_job_id"] = original.uuidString.lowercased() }
        append(.created, jobID: jobID, data: data, actor: newJob.submittedBy)
        return (job, true)
    }

    /// Binds every lot or none, refusing the job with every conflict.
    private func bindLots(_ uses: [LotUse], jobID: UUID) throws {
        guard !uses.isEmpty else { return }
        let repeats = LotConflict.repeats(in: uses)
        guard repeats.isEmpty else { throw LotConflict.error(repeats) }
        let conflicts: [LotConflict] = uses.compactMap { use in
            guard let row = lots[use.lot] else { return .notAllocated(lot: use.lot) }
            guard let job = row.jobID, let label = row.label else { return nil }
            return .alreadyPrinted(lot: use.lot, jobID: job, label: label)
        }
        guard conflicts.isEmpty else { throw LotConflict.error(conflicts) }
        for use in uses {
            lots[use.lot]?.jobID = jobID
            lots[use.lot]?.label = use.label
        }
    }

    public func find(id: UUID) async throws -> Job? {
        jobs.first { $0.job.id == id && !$0.deleted }?.job
    }

    public func list(status: JobStatus?, printer: String?, limit: Int, cursor: String?) async throws
        -> (jobs: [Job], nextCursor: String?)
    {
        let after = try cursor.map { cursor in
            guard let sequence = Int(cursor.dropFirst("seq-".count)), cursor.hasPrefix("seq-") else {
                throw StoreError(.invalid, "the cursor is not one this gateway returned")
            }
            return sequence
        }
        let matching =
            jobs
            .filter { row in
                !row.deleted && (status == nil || row.job.status == status)
                    && (printer == nil || row.job.printer == printer) && (after.map { row.sequence < $0 } ?? true)
            }
            .sorted { $0.sequence > $1.sequence }
        let page = Array(matching.prefix(limit))
        let next = matching.count > limit ? page.last.map { "seq-\($0.sequence)" } : nil
        return (page.map(\.job), next)
    }

    public func storedLabels(jobID: UUID, numbers: [Int]?) async throws -> [StoredLabel] {
        guard let index = jobIndex(id: jobID) else { return [] }
        let labels = jobs[index].labels.map { row in
            StoredLabel(number: row.number, status: row.status, lot: row.lot, zpl: row.zpl, data: row.data)
        }
        guard let numbers else { return labels.filter { $0.status == .failed } }
        let byNumber = Dictionary(labels.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return numbers.compactMap { byNumber[$0] }
    }

    public func labels(jobID: UUID) async throws -> [JobLabel] {
        guard let index = jobIndex(id: jobID) else { return [] }
        return jobs[index].labels.map { row in
            JobLabel(number: row.number, status: row.status, lot: row.lot, printedAt: row.printedAt)
        }
    }

    public func events(jobID: UUID) async throws -> [JobEvent] {
        events.filter { $0.jobID == jobID }
    }

    /// Answers at once: a test that needs the worker stopped waits for the job's `cancelled` event itself.
    public func cancel(id: UUID, actor: String?, stopTimeout: Duration) async throws -> Job {
        guard let index = jobIndex(id: id), !jobs[index].deleted else { throw StoreError(.notFound, "no job \(id)") }
        let status = jobs[index].job.status
        guard status != .cancelled else { return jobs[index].job }
        guard !status.isTerminal else {
            throw StoreError(.conflict, "job \(id) has already ended (\(status.rawValue))")
        }
        change(index) { row in
            row.job.status = .cancelled
            row.job.endReason = .cancelledByRequest
            row.job.waitingReason = nil
            row.job.nextAttemptAt = nil
            row.job.completedAt = now
        }
        append(.cancelRequested, jobID: id, data: ["previous_status": status.rawValue], actor: actor)
        return jobs[index].job
    }

    public func delete(id: UUID, actor: String?) async throws {
        guard let index = jobIndex(id: id), !jobs[index].deleted else { throw StoreError(.notFound, "no job \(id)") }
        change(index) { row in
            row.deleted = true
            if row.isUnfinished {
                row.job.status = .cancelled
                row.job.endReason = .cancelledByRequest
            }
            row.job.completedAt = row.job.completedAt ?? now
        }
        append(.deleted, jobID: id, actor: actor)
    }

    /// The unfinished job `id`: `notFound` without it, `conflict` once it has ended.
    private func unfinished(_ id: UUID) throws -> Int {
        guard let index = jobIndex(id: id), !jobs[index].deleted else { throw StoreError(.notFound, "no job \(id)") }
        let status = jobs[index].job.status
        guard !status.isTerminal else {
            throw StoreError(.conflict, "job \(id) has already ended (\(status.rawValue))")
        }
        return index
    }

    public func hold(id: UUID, actor: String?) async throws -> Job {
        let index = try unfinished(id)
        guard !jobs[index].held else { return jobs[index].job }
        change(index) { row in
            row.held = true
            if row.job.status == .queued { row.job.waitingReason = .held }
        }
        append(.held, jobID: id, actor: actor)
        return jobs[index].job
    }

    public func release(id: UUID, actor: String?) async throws -> Job {
        let index = try unfinished(id)
        guard jobs[index].held, let printer = printerIndex(id: jobs[index].job.printerID) else {
            return jobs[index].job
        }
        change(index) { row in
            row.held = false
            if row.job.waitingReason == .held {
                row.job.waitingReason = queuedReason(held: false, printerIndex: printer)
            }
        }
        append(.holdReleased, jobID: id, actor: actor)
        return jobs[index].job
    }

    public func move(id: UUID, toPrinter name: String, actor: String?) async throws -> Job {
        let index = try unfinished(id)
        guard let target = printerIndex(named: name) else { throw StoreError(.invalid, "no printer named '\(name)'") }
        guard printers[target].printer.enabled else { throw StoreError(.invalid, "printer '\(name)' is disabled") }
        let targetID = printers[target].printer.id
        guard targetID != jobs[index].job.printerID else {
            throw StoreError(.invalid, "job \(id) is on printer '\(name)' already")
        }
        // A process holds the printer; one whose lease was expired (``expireLeases()``) is fenced off, as a claim
        // would, and the job moves at once. Leases here run on the store's clock, which the engine's real-time
        // heartbeats do not follow on a virtual clock, so only an expiry a test asked for counts.
        let source = printerIndex(id: jobs[index].job.printerID)
        let abandoned = source.map { printers[$0].leaseExpiresAt == .distantPast } ?? false
        let driven = source.map { printers[$0].leaseOwner != nil } ?? false && !abandoned
        if let source, abandoned {
            printers[source].leaseToken += 1
            printers[source].leaseOwner = nil
            printers[source].leaseExpiresAt = nil
        }
        if driven && WaitingReason.isDriven(status: jobs[index].job.status, reason: jobs[index].job.waitingReason) {
            change(index) { row in
                row.moveTo = targetID
                row.job.movingTo = name
            }
            append(.moveRequested, jobID: id, data: ["from": jobs[index].job.printer, "to": name], actor: actor)
        } else {
            performMove(index, to: targetID, actor: actor)
        }
        return jobs[index].job
    }
}
