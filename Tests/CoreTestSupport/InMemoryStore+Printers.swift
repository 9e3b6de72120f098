import Core
import Foundation

extension InMemoryStore: PrinterStore {
    public func models() async throws -> [PrinterModel] {
        models.values.sorted { $0.name < $1.name }
    }

    public func list() async throws -> [PrinterRecord] {
        printers.filter { !$0.deleted }.sorted { $0.printer.name < $1.printer.name }.map(record)
    }

    public func find(name: String) async throws -> PrinterRecord? {
        printerIndex(named: name).map { record(printers[$0]) }
    }

    public func create(_ printer: Printer) async throws -> PrinterRecord {
        guard models[printer.model] != nil else {
            throw StoreError(.invalid, "unknown printer model '\(printer.model)'")
        }
        guard printerIndex(named: printer.name) == nil else {
            throw StoreError(.conflict, "a printer named '\(printer.name)' exists")
        }
        try refuseSameDevice(printer.uri, except: nil)
        let row = PrinterRow(printer: printer, sequence: sequence(), createdAt: now, updatedAt: now)
        printers.append(row)
        return record(row)
    }

    public func update(name: String, _ changes: PrinterChanges) async throws -> PrinterRecord {
        guard let index = printerIndex(named: name) else { throw StoreError(.notFound, "no printer named '\(name)'") }
        if let model = changes.model, models[model] == nil {
            throw StoreError(.invalid, "unknown printer model '\(model)'")
        }
        if let uri = changes.uri { try refuseSameDevice(uri, except: printers[index].printer.id) }
        let wasEnabled = printers[index].printer.enabled
        printers[index].printer.uri = changes.uri ?? printers[index].printer.uri
        printers[index].printer.model = changes.model ?? printers[index].printer.model
        printers[index].printer.site = changes.site ?? printers[index].printer.site
        printers[index].printer.enabled = changes.enabled ?? wasEnabled
        printers[index].printer.description = changes.description ?? printers[index].printer.description
        printers[index].printer.zplPolicy = changes.zplPolicy ?? printers[index].printer.zplPolicy
        printers[index].updatedAt = now
        if let enabled = changes.enabled, enabled != wasEnabled {
            markJobs(printerID: printers[index].printer.id, disabled: !enabled)
        }
        return record(printers[index])
    }

    public func delete(name: String) async throws {
        guard let index = printerIndex(named: name) else { throw StoreError(.notFound, "no printer named '\(name)'") }
        printers[index].deleted = true
        printers[index].updatedAt = now
        markJobs(printerID: printers[index].printer.id, disabled: true)
    }

    public func setPaused(name: String, _ paused: Bool) async throws -> PrinterRecord {
        guard let index = printerIndex(named: name) else { throw StoreError(.notFound, "no printer named '\(name)'") }
        guard printers[index].printer.paused != paused else { return record(printers[index]) }
        printers[index].printer.paused = paused
        printers[index].updatedAt = now
        let printerID = printers[index].printer.id
        for job in jobs.indices where jobs[job].job.printerID == printerID && jobs[job].job.status == .queued {
            let reason = jobs[job].job.waitingReason
            if paused, reason == nil || reason == .printerOffline || reason == .retryBackoff {
                change(job) { $0.job.waitingReason = .paused }
                append(.waiting, jobID: jobs[job].job.id, data: ["waiting_reason": WaitingReason.paused.rawValue])
            } else if !paused, reason == .paused {
                change(job) { $0.job.waitingReason = nil }
                append(.resumed, jobID: jobs[job].job.id)
            }
        }
        return record(printers[index])
    }

    /// `conflict` when another printer's URI names the device `uri` names.
    private func refuseSameDevice(_ uri: String, except id: UUID?) throws {
        guard let device = PrinterURI.deviceIdentity(of: uri) else { return }
        if let other = printers.first(where: {
            !$0.deleted && $0.printer.id != id && PrinterURI.deviceIdentity(of: $0.printer.uri) == device
        }) {
            throw StoreError(.conflict, PrinterURI.sameDeviceMessage(other.printer.name))
        }
    }

    /// A disabled (or deleted) printer's unfinished jobs wait with `printer_disabled`; enabled again, they resume.
    private func markJobs(printerID: UUID, disabled: Bool) {
        for index in jobs.indices where jobs[index].job.printerID == printerID && jobs[index].isUnfinished {
            change(index) { row in
                row.job.waitingReason = disabled ? .printerDisabled : nil
                if row.job.status == .printing { row.job.status = .queued }
            }
            append(
                disabled ? .waiting : .resumed, jobID: jobs[index].job.id,
                data: disabled ? ["waiting_reason": WaitingReason.printerDisabled.rawValue] : [:])
        }
    }
}

extension InMemoryStore: LotStore {
    /// Lots read `L<YYMMDD><counter>`, the day (UTC) of allocation and a per-day counter of at least four digits.
    public func allocate(count: Int) async throws -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: now)
        let stamp = [(day.year ?? 0) % 100, day.month ?? 0, day.day ?? 0].map { String(format: "%02d", $0) }.joined()
        let last = lotCounters[stamp, default: 0] + count
        lotCounters[stamp] = last
        let allocated = ((last - count + 1)...last).map { counter in
            "L" + stamp + String(repeating: "0", count: max(0, 4 - String(counter).count)) + String(counter)
        }
        for lot in allocated { lots[lot] = LotRow(allocatedAt: now) }
        return allocated
    }

    public func find(_ lot: String) async throws -> LotRecord? {
        guard let row = lots[lot] else { return nil }
        let label = row.jobID.flatMap(jobIndex(id:)).flatMap { index in
            jobs[index].labels.first { $0.number == row.label }
        }
        return LotRecord(
            lot: lot, allocatedAt: row.allocatedAt, jobID: row.jobID, labelNumber: row.label,
            labelStatus: label?.status.rawValue, printedAt: label?.printedAt)
    }
}
