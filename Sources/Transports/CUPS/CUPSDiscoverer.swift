import Core

/// Lists the queues of a CUPS server (`CUPS-Get-Printers`) as `cups://` URIs, with each queue's device URI and
/// state.
public struct CUPSDiscoverer: PrinterDiscoverer {
    public let transport = "cups"
    /// nil: libcups's default server, and `cups://QUEUE` URIs; else `cups://HOST:PORT/QUEUE` (or `cups://QUEUE` for
    /// a local socket).
    public let server: CUPSServer?
    public let timeout: Duration

    public init(server: CUPSServer? = nil, timeout: Duration = .seconds(5)) {
        self.server = server
        self.timeout = timeout
    }

    public func discover() async -> DiscoveryReport {
        let server = self.server ?? .systemDefault
        let timeout = self.timeout
        let queues: [(name: String, attributes: CUPSPrinterAttributes)]
        do {
            queues = try await CUPSCallQueue(label: "cups.discovery").run {
                let connection = try CUPSConnection.connect(to: server, timeout: timeout, requestTimeout: timeout)
                defer { connection.close() }
                return try connection.queues()
            }
        } catch {
            let reason = (error as? CUPSError)?.message ?? "\(error)"
            return DiscoveryReport(transport: transport, available: false, printers: [], note: reason)
        }
        let printers = queues.map { queue in
            let uri =
                self.server == nil || server.isLocalSocket ? "cups://\(queue.name)" : "cups://\(server)/\(queue.name)"
            let state = queue.attributes.printerStatus
            let parts = [
                queue.attributes.deviceURI.map { "device \($0)" }, queue.attributes.makeAndModel,
                state.reasons.isEmpty ? nil : state.reasons.map(\.rawValue).joined(separator: ","),
            ].compactMap { $0 }
            return DiscoveredPrinter(
                uri: uri, transport: transport, name: queue.attributes.info ?? queue.name,
                detail: parts.isEmpty ? nil : parts.joined(separator: "; "))
        }
        return DiscoveryReport(
            transport: transport, available: true, printers: printers,
            note: printers.isEmpty
                ? "CUPS at \(server) has no queues (lpadmin -p NAME -v socket://… -m raw adds one)" : nil)
    }
}
