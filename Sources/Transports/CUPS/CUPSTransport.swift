import Core
import Foundation
import Logging

/// Prints ZPL through a CUPS queue with libcups: each label is one raw job (`application/vnd.cups-raw`, so no
/// filter touches the ZPL), followed by its IPP `job-state` until it ends.
///
/// Confirmation is ``Core/Confirmation/delivered``: a CUPS job `completed` means the backend handed every byte to
/// the device, not that the label printed. A label counts once its job and every job before it are completed;
/// a job `aborted` or `canceled` fails the attempt. The queue's `printer-state` and `printer-state-reasons` become
/// the printer's status: a stopped queue (`cupsdisable`) or one that rejects jobs (`cupsreject`) makes the job
/// wait as `paused`; a missing queue or a cupsd that does not answer makes it wait as `printer_offline`.
///
/// Every libcups call blocks, so each runs on this transport's own serial queue (``CUPSCallQueue``), never on the
/// cooperative thread pool.
public actor CUPSTransport: Transport {
    public nonisolated let confirmation = Confirmation.delivered
    public nonisolated let server: CUPSServer
    public nonisolated let queue: String
    public nonisolated let configuration: Configuration

    let clock: any GatewayClock
    let logger: Logger
    private let calls: CUPSCallQueue
    private var connection: CUPSConnection?
    /// The last request cupsd answered on this transport, named for the log when it stops answering.
    private var lastAnswered: String?
    /// CUPS jobs sent on this connection whose labels are not confirmed yet, in print order.
    private var unconfirmed: [(label: Int, job: Int)] = []
    private var confirmed = 0

    public init(
        server: CUPSServer, queue: String, configuration: Configuration = Configuration(),
        clock: any GatewayClock = SystemClock(), logger: Logger
    ) {
        self.server = server
        self.queue = queue
        self.configuration = configuration
        self.clock = clock
        var logger = logger
        if logger[metadataKey: "transport.uri"] == nil {
            logger[metadataKey: "transport.uri"] = "cups://\(server)/\(queue)"
        }
        self.logger = logger
        self.calls = CUPSCallQueue(label: "cups.\(queue)")
    }

    /// `queue at server`, for messages.
    public nonisolated var endpoint: String { "CUPS queue '\(queue)' at \(server)" }

    /// The CUPS job ids sent on this connection and not yet confirmed, in order.
    public var pendingJobIDs: [Int] { unconfirmed.map(\.job) }

    public func open() async throws {
        await dropConnection()
        unconfirmed = []
        confirmed = 0
        let attributes = try await call("Get-Printer-Attributes") { try $0.printerAttributes(queue: self.queue) }
        try refuseIfBlocked(attributes)
        try await clearEarlierJobs()
        logger.info("connected to CUPS queue")
    }

    public func send(_ label: LabelDocument) async throws {
        let name = jobName(label)
        let document = label.zpl
        let job = try await call("Create-Job and Send-Document of \(name)") {
            try $0.submitRaw(queue: self.queue, name: name, document: document)
        }
        unconfirmed.append((label.number, job))
        logger.trace("label submitted", metadata: ["label.number": "\(label.number)", "cups.job": "\(job)"])
    }

    public func progress() async throws -> TransportProgress {
        while let next = unconfirmed.first {
            let job = try await call("Get-Job-Attributes of CUPS job \(next.job)") { try $0.job(next.job) }
            switch job.state {
            case .completed:
                confirmed += 1
                unconfirmed.removeFirst()
                continue
            case .aborted, .canceled:
                unconfirmed.removeAll()
                let why = ([job.message] + job.reasons.map { Optional($0) }).compactMap { $0 }.joined(separator: "; ")
                throw TransportError(
                    .failed, "CUPS job \(job.id) for label \(next.label) on \(endpoint) was \(job.state): \(why)")
            case .pending, .held, .processing, .stopped:
                break
            }
            break
        }
        let attributes = try await call("Get-Printer-Attributes") { try $0.printerAttributes(queue: self.queue) }
        return TransportProgress(confirmed: confirmed, status: stamped(attributes.printerStatus))
    }

    public func status() async throws -> PrinterStatus {
        // Not `catch where … { return … }`: that form, with typed throws, crashes the Swift 6.3 compiler.
        let error: TransportError
        do {
            let attributes = try await call("Get-Printer-Attributes") { try $0.printerAttributes(queue: self.queue) }
            return stamped(attributes.printerStatus)
        } catch let thrown {
            error = thrown
        }
        guard error.code == .unreachable else { throw error }
        return error.status ?? stamped(.offline(error.message))
    }

    public func close() async {
        await dropConnection()
    }

    /// Cancels the CUPS jobs of labels sent on this connection and not yet confirmed (`cupsCancelJob2`).
    /// ``close()`` does not: like a printer's buffer, a queue keeps what it was given.
    public func cancelUnconfirmed() async throws {
        let jobs = unconfirmed.map(\.job)
        for job in jobs {
            try await call("Cancel-Job of CUPS job \(job)") { try $0.cancel(job: job, queue: self.queue) }
        }
        logger.info("cancelled unconfirmed CUPS jobs", metadata: ["cups.jobs": "\(jobs)"])
    }
}

extension CUPSTransport {
    /// Runs `body` with a connection to cupsd on the transport's call queue, connecting first when needed.
    /// `request` names what `body` asks cupsd, for the log and the status when cupsd stops answering. libcups
    /// errors become ``TransportError``s.
    func call<T: Sendable>(
        _ request: String = "an IPP request", _ body: @escaping @Sendable (CUPSConnection) throws -> T
    ) async throws(TransportError) -> T {
        let existing = connection
        let server = self.server
        let configuration = self.configuration
        let result: (CUPSConnection, T)
        do {
            result = try await calls.run {
                let connection =
                    try existing
                    ?? CUPSConnection.connect(
                        to: server, timeout: configuration.connectTimeout, requestTimeout: configuration.requestTimeout)
                return (connection, try body(connection))
            }
        } catch let error as CUPSError {
            if error.code == .serverUnreachable {
                await dropConnection()
                throw unavailable(error, request: request, wasAnswering: existing != nil)
            }
            throw transportError(error)
        } catch {
            throw TransportError(.failed, "\(endpoint): \(error)", underlying: error)
        }
        connection = result.0
        lastAnswered = request
        return result.1
    }

    /// The error and status of a cupsd that does not answer: the printer is offline because of CUPS
    /// (`cups_unavailable`). When it answered on this connection before, it stopped answering (crashed, stopped or
    /// restarted): the log says so, with the request it did not answer and the last one it did.
    private func unavailable(_ error: CUPSError, request: String, wasAnswering: Bool) -> TransportError {
        let message: String
        if wasAnswering {
            let last = lastAnswered.map { "; the last request it answered: \($0)" } ?? ""
            message = "CUPS at \(server) stopped answering (\(request)\(last)): \(error.message)"
            logger.warning(
                "CUPS stopped answering",
                metadata: [
                    "cups.request": "\(request)", "cups.last_answered": "\(lastAnswered ?? "none")",
                    "error": "\(error.message)",
                ])
        } else {
            message = error.message
            logger.debug("CUPS does not answer", metadata: ["cups.request": "\(request)", "error": "\(error.message)"])
        }
        let status = stamped(PrinterStatus(state: .offline, reasons: [.offline, .cupsUnavailable], detail: message))
        return TransportError(.unreachable, message, status: status, underlying: error)
    }

    func transportError(_ error: CUPSError) -> TransportError {
        switch error.code {
        case .queueNotFound:
            logger.debug("CUPS queue not found", metadata: ["error": "\(error.message)"])
            return TransportError(.unreachable, error.message, underlying: error)
        case .notAcceptingJobs:
            let status = stamped(PrinterStatus(state: .error, reasons: [.notAcceptingJobs], detail: error.message))
            return TransportError(.condition, error.message, status: status, underlying: error)
        default:
            return TransportError(.failed, error.message, underlying: error)
        }
    }

    private func dropConnection() async {
        guard let connection else { return }
        self.connection = nil
        try? await calls.run { connection.close() }
    }

    /// Throws a wait condition when the queue is stopped, rejects jobs or reports its device offline.
    private func refuseIfBlocked(_ attributes: CUPSPrinterAttributes) throws(TransportError) {
        let status = stamped(attributes.printerStatus)
        guard attributes.isStopped || !attributes.isAcceptingJobs || status.state == .offline else { return }
        let what =
            attributes.isStopped
            ? "is stopped (cupsenable \(queue) starts it)"
            : !attributes.isAcceptingJobs
                ? "rejects jobs (cupsaccept \(queue) lets them in)" : "reports its device offline"
        throw TransportError(
            .condition, "\(endpoint) \(what)\(attributes.message.map { ": \($0)" } ?? "")", status: status)
    }

    /// Clears what earlier connections left on the queue, so that counting starts from zero, as a raw port waits
    /// for the printer's buffer to drain.
    ///
    /// This user's jobs that the transport made (named `label N…`) and that have not started printing (pending or
    /// held) are cancelled: the engine sends again every label it has not seen confirmed, so they could only print
    /// a second time, and a job cupsd was receiving when it crashed comes back held with no document and would
    /// never end. Jobs being printed are waited for, and so are other pending jobs of this user, so labels keep
    /// their order; held jobs are left alone when the transport did not make them or cupsd refuses to cancel them
    /// (Debian's stock policy lets only the job's authenticated owner cancel it: over TCP the transport is not
    /// authenticated), as they print only once released. Real time: cupsd's.
    private func clearEarlierJobs() async throws {
        let started = ContinuousClock.now
        var cancelled: [Int] = []
        var refused: Set<Int> = []
        while true {
            let active = try await call("Get-Jobs") { try $0.activeJobs(queue: self.queue) }
            var awaited: [Int] = []
            for job in active {
                let unstarted = job.state == .pending || job.state == .held
                if job.isLabelJob, unstarted, !refused.contains(job.id) {
                    switch try await cancelEarlier(job.id) {
                    case .cancelled:
                        cancelled.append(job.id)
                        continue
                    case .refused:
                        refused.insert(job.id)
                    case .changed:
                        break
                    }
                }
                let leftAlone = job.state == .held && (!job.isLabelJob || refused.contains(job.id))
                if !leftAlone { awaited.append(job.id) }
            }
            if awaited.isEmpty { break }
            if ContinuousClock.now - started >= configuration.drainTimeout {
                throw TransportError(
                    .timeout,
                    "\(endpoint) still holds \(awaited.count) unfinished jobs from an earlier connection after "
                        + "\(Int(configuration.drainTimeout.timeInterval)) s (lpstat -o \(queue) lists them)")
            }
            let attributes = try await call("Get-Printer-Attributes") { try $0.printerAttributes(queue: self.queue) }
            try refuseIfBlocked(attributes)
            logger.debug("waiting for earlier CUPS jobs to finish", metadata: ["cups.jobs": "\(awaited)"])
            try await Task.sleep(for: configuration.drainPollInterval)
        }
        if !cancelled.isEmpty {
            logger.info(
                "cancelled unprinted CUPS jobs of an earlier connection; their labels are sent again",
                metadata: ["cups.jobs": "\(cancelled)"])
        }
        if !refused.isEmpty {
            logger.warning(
                """
                CUPS refuses to cancel jobs of an earlier connection to this user; pending ones are waited for (their \
                labels may print twice), held ones left alone. Reach cupsd through its local socket, where it knows \
                the user, to let the transport cancel them
                """,
                metadata: ["cups.jobs": "\(refused.sorted())"])
        }
    }

    private enum EarlierJobCancel { case cancelled, changed, refused }

    /// Cancels a job an earlier connection left. `changed` when cupsd refuses because it started or ended
    /// meanwhile (the next look sees which); `refused` when cupsd does not let this user cancel it.
    private func cancelEarlier(_ id: Int) async throws(TransportError) -> EarlierJobCancel {
        let queue = self.queue
        // Not `catch where … { return … }`: that form, with typed throws, crashes the Swift 6.3 compiler.
        var refusal: TransportError?
        do {
            try await call("Cancel-Job of CUPS job \(id)") { try $0.cancel(job: id, queue: queue) }
        } catch {
            refusal = error
        }
        guard let refusal else { return .cancelled }
        guard refusal.code == .failed else { throw refusal }
        logger.debug("could not cancel an earlier CUPS job", metadata: ["cups.job": "\(id)", "error": "\(refusal)"])
        return (refusal.underlying as? CUPSError)?.code == .notAuthorized ? .refused : .changed
    }

    /// The CUPS names of a label: `label N of job ID` (`label N` outside a job).
    private func jobName(_ label: LabelDocument) -> CUPSJobName {
        CUPSJobName(label: label.number, jobID: logger[metadataKey: "job.id"].map { "\($0)" })
    }

    func stamped(_ status: PrinterStatus) -> PrinterStatus {
        var status = status
        status.checkedAt = clock.now
        return status
    }
}
