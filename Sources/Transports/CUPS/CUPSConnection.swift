import CCUPS
import Foundation

/// One HTTP connection to cupsd (`http_t`) and the IPP operations the transport uses. It owns the `http_t` and
/// every `ipp_t`, `cups_job_t` array and C string it makes, and frees each before returning.
///
/// Not thread-safe, like the `http_t` under it: use it only from one ``CUPSCallQueue``.
final class CUPSConnection: @unchecked Sendable {
    let server: CUPSServer
    private var http: OpaquePointer?

    private init(server: CUPSServer, http: OpaquePointer) {
        self.server = server
        self.http = http
    }

    deinit { close() }

    /// Connects to cupsd, failing after `timeout`. Requests after that time out after `requestTimeout`.
    static func connect(to server: CUPSServer, timeout: Duration, requestTimeout: Duration) throws(CUPSError)
        -> CUPSConnection
    {
        let milliseconds = Int32(clamping: Int((timeout.timeInterval * 1000).rounded()))
        errno = 0
        guard
            let http = httpConnect2(
                server.host, Int32(server.port), nil, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, milliseconds, nil)
        else {
            let reason =
                errno == 0 ? "no answer within \(Int(timeout.timeInterval)) s" : String(cString: strerror(errno))
            throw CUPSError(.serverUnreachable, "cannot connect to CUPS at \(server): \(reason)")
        }
        httpSetTimeout(http, requestTimeout.timeInterval, nil, nil)
        return CUPSConnection(server: server, http: http)
    }

    func close() {
        if let http { httpClose(http) }
        http = nil
    }

    private func handle() throws(CUPSError) -> OpaquePointer {
        guard let http else { throw CUPSError(.serverUnreachable, "the connection to CUPS at \(server) is closed") }
        return http
    }

    // MARK: Queues

    /// `Get-Printer-Attributes` for one queue.
    func printerAttributes(queue: String) throws(CUPSError) -> CUPSPrinterAttributes {
        let http = try handle()
        let request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, Self.printerURI(queue))
        Self.addRequestedAttributes(request, Self.printerAttributeNames)
        let response = try perform(request, on: http, what: "Get-Printer-Attributes", queue: queue)
        defer { ippDelete(response) }
        return Self.printerAttributes(of: response)
    }

    /// Every queue the server has (`CUPS-Get-Printers`), with its attributes.
    func queues() throws(CUPSError) -> [(name: String, attributes: CUPSPrinterAttributes)] {
        let http = try handle()
        let request = ippNewRequest(IPP_OP_CUPS_GET_PRINTERS)
        Self.addRequestedAttributes(request, ["printer-name"] + Self.printerAttributeNames)
        let response = try perform(request, on: http, what: "CUPS-Get-Printers", queue: nil)
        defer { ippDelete(response) }
        var result: [(String, CUPSPrinterAttributes)] = []
        // The response holds one printer-attributes group per queue; split at the separators.
        var group: [OpaquePointer] = []
        func flush() {
            guard !group.isEmpty else { return }
            let names = group.compactMap { attribute -> String? in
                guard let name = ippGetName(attribute), String(cString: name) == "printer-name" else { return nil }
                return ippGetString(attribute, 0, nil).map { String(cString: $0) }
            }
            if let name = names.first {
                result.append((name, Self.printerAttributes(group)))
            }
            group.removeAll()
        }
        var attribute = ippFirstAttribute(response)
        while let current = attribute {
            if ippGetGroupTag(current) == IPP_TAG_PRINTER, ippGetName(current) != nil {
                group.append(current)
            } else {
                flush()
            }
            attribute = ippNextAttribute(response)
        }
        flush()
        return result
    }

    // MARK: Jobs

    /// Submits `document` as one raw job (`application/vnd.cups-raw`, no filters): Create-Job named `name.job`,
    /// Send-Document named `name.document` (see ``CUPSJobName`` for why the two differ). Returns the CUPS job id
    /// once cupsd has the whole document.
    func submitRaw(queue: String, name: CUPSJobName, document: [UInt8]) throws(CUPSError) -> Int {
        let http = try handle()
        let jobID = Int32(try createJob(queue: queue, title: name.job))
        guard cupsStartDocument(http, queue, jobID, name.document, CUPS_FORMAT_RAW, 1) == HTTP_STATUS_CONTINUE else {
            let error = CUPSError.last("Send-Document", server: "\(server)", queue: queue)
            _ = cupsCancelJob2(http, queue, jobID, 0)
            throw error
        }
        let written = document.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cupsWriteRequestData(http, $0.baseAddress, $0.count) }
        }
        let finished = cupsFinishDocument(http, queue)
        guard written == HTTP_STATUS_CONTINUE, finished.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            let error = CUPSError.last("Send-Document", server: "\(server)", queue: queue)
            _ = cupsCancelJob2(http, queue, jobID, 0)
            throw error
        }
        return Int(jobID)
    }

    /// `Create-Job` on the queue itself: a job held (`job-incoming`) until its document comes. Returns its id.
    /// (`cupsCreateJob` would look the destination up and ask its device URI, here the printer's raw port, for IPP
    /// attributes.)
    func createJob(queue: String, title: String) throws(CUPSError) -> Int {
        let http = try handle()
        let request = ippNewRequest(IPP_OP_CREATE_JOB)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, Self.printerURI(queue))
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nil, cupsUser())
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nil, title)
        let response = try perform(request, on: http, what: "Create-Job", queue: queue)
        defer { ippDelete(response) }
        guard let attribute = ippFindAttribute(response, "job-id", IPP_TAG_INTEGER), ippGetInteger(attribute, 0) > 0
        else { throw CUPSError(.requestFailed, "CUPS at \(server) created a job on '\(queue)' without a job-id") }
        return Int(ippGetInteger(attribute, 0))
    }

    /// `Get-Job-Attributes` for one job: its state, reasons and the backend's last message.
    func job(_ id: Int) throws(CUPSError) -> CUPSJob {
        let http = try handle()
        let request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nil, "ipp://localhost/jobs/\(id)")
        Self.addRequestedAttributes(request, ["job-state", "job-state-reasons", "job-printer-state-message"])
        let response = try perform(request, on: http, what: "Get-Job-Attributes for job \(id)", queue: nil)
        defer { ippDelete(response) }
        let stateValue = ippFindAttribute(response, "job-state", IPP_TAG_ENUM).map { Int(ippGetInteger($0, 0)) }
        guard let stateValue, let state = CUPSJobState(rawValue: stateValue) else {
            throw CUPSError(.requestFailed, "CUPS at \(server) gave job \(id) no job-state")
        }
        return CUPSJob(
            id: id, state: state, reasons: Self.strings(ippFindAttribute(response, "job-state-reasons", IPP_TAG_ZERO)),
            message: Self.strings(ippFindAttribute(response, "job-printer-state-message", IPP_TAG_ZERO)).first)
    }

    /// This user's jobs on `queue` that have not finished (`cupsGetJobs2`, my jobs, active), oldest first.
    func activeJobs(queue: String) throws(CUPSError) -> [CUPSActiveJob] {
        let http = try handle()
        var jobs: UnsafeMutablePointer<cups_job_t>?
        let count = cupsGetJobs2(http, &jobs, queue, 1, CUPS_WHICHJOBS_ACTIVE)
        defer { if let jobs { cupsFreeJobs(count, jobs) } }
        guard count >= 0 else { throw CUPSError.last("Get-Jobs", server: "\(server)", queue: queue) }
        guard let jobs else { return [] }
        return (0..<Int(count)).map { index in
            let job = jobs[index]
            return CUPSActiveJob(
                id: Int(job.id), state: CUPSJobState(rawValue: Int(job.state.rawValue)) ?? .pending,
                title: job.title.map { String(cString: $0) } ?? "")
        }.sorted { $0.id < $1.id }
    }

    /// Cancels one job (`cupsCancelJob2`, without purging it from the history).
    func cancel(job id: Int, queue: String) throws(CUPSError) {
        let http = try handle()
        let status = cupsCancelJob2(http, queue, Int32(id), 0)
        guard status.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            throw CUPSError.last("Cancel-Job for job \(id)", server: "\(server)", queue: nil)
        }
    }

    // MARK: IPP plumbing

    static let printerAttributeNames = [
        "printer-state", "printer-state-reasons", "printer-is-accepting-jobs", "printer-state-message", "printer-info",
        "printer-make-and-model", "device-uri",
    ]

    /// Sends `request` (which `cupsDoRequest` frees) and returns the response, which the caller frees.
    private func perform(_ request: OpaquePointer?, on http: OpaquePointer, what: String, queue: String?)
        throws(CUPSError) -> OpaquePointer
    {
        guard let response = cupsDoRequest(http, request, "/") else {
            throw CUPSError.last(what, server: "\(server)", queue: queue)
        }
        guard ippGetStatusCode(response).rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            ippDelete(response)
            throw CUPSError.last(what, server: "\(server)", queue: queue)
        }
        return response
    }

    static func printerURI(_ queue: String) -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        let status = httpAssembleURI(
            HTTP_URI_CODING_ALL, &buffer, Int32(buffer.count), "ipp", nil, "localhost", 0, "/printers/\(queue)")
        guard status == HTTP_URI_STATUS_OK else { return "ipp://localhost/printers/\(queue)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func addRequestedAttributes(_ request: OpaquePointer?, _ names: [String]) {
        let values = names.map { strdup($0) }
        defer { values.forEach { free($0) } }
        let pointers = values.map { UnsafePointer($0) }
        pointers.withUnsafeBufferPointer { buffer in
            _ = ippAddStrings(
                request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", Int32(buffer.count), nil,
                buffer.baseAddress)
        }
    }

    private static func printerAttributes(of response: OpaquePointer) -> CUPSPrinterAttributes {
        var attributes: [OpaquePointer] = []
        var attribute = ippFirstAttribute(response)
        while let current = attribute {
            if ippGetGroupTag(current) == IPP_TAG_PRINTER { attributes.append(current) }
            attribute = ippNextAttribute(response)
        }
        return printerAttributes(attributes)
    }

    private static func printerAttributes(_ attributes: [OpaquePointer]) -> CUPSPrinterAttributes {
        var result = CUPSPrinterAttributes(state: 3)
        for attribute in attributes {
            guard let name = ippGetName(attribute).map({ String(cString: $0) }) else { continue }
            switch name {
            case "printer-state": result.state = Int(ippGetInteger(attribute, 0))
            case "printer-state-reasons": result.reasons = strings(attribute)
            case "printer-is-accepting-jobs": result.isAcceptingJobs = ippGetBoolean(attribute, 0) != 0
            case "printer-state-message": result.message = strings(attribute).first.flatMap { $0.isEmpty ? nil : $0 }
            case "printer-info": result.info = strings(attribute).first
            case "printer-make-and-model": result.makeAndModel = strings(attribute).first
            case "device-uri": result.deviceURI = strings(attribute).first
            default: break
            }
        }
        return result
    }

    private static func strings(_ attribute: OpaquePointer?) -> [String] {
        guard let attribute else { return [] }
        return (0..<ippGetCount(attribute)).compactMap { index in
            ippGetString(attribute, index, nil).map { String(cString: $0) }
        }
    }
}
