import Core

/// A CUPS queue and the server that holds it, read from a printer URI:
/// `cups://QUEUE` (the gateway's configured server, else libcups's default) or `cups://HOST[:PORT]/QUEUE`.
public struct CUPSDestination: Sendable, Hashable, CustomStringConvertible {
    /// The server named in the URI, or nil for the default one.
    public var server: CUPSServer?
    public var queue: String

    public init(server: CUPSServer?, queue: String) {
        self.server = server
        self.queue = queue
    }

    public init(uri: PrinterURI) throws(PrinterURIError) {
        guard uri.scheme == "cups" else {
            throw PrinterURIError("'\(uri)' is not a CUPS URI (cups://QUEUE or cups://HOST[:PORT]/QUEUE)")
        }
        if uri.path.isEmpty {
            guard uri.port == nil else {
                throw PrinterURIError(
                    "'\(uri)' names a server but no queue; write cups://\(uri.host):\(uri.port!)/QUEUE")
            }
            self.init(server: nil, queue: uri.host)
        } else {
            let port = uri.port ?? CUPSServer.defaultPort
            guard (1...65_535).contains(port) else {
                throw PrinterURIError("'\(uri)': port \(port) is out of range (1…65535, default 631)")
            }
            var queue = uri.path
            if queue.hasPrefix("printers/") { queue.removeFirst("printers/".count) }
            self.init(server: CUPSServer(host: uri.host, port: port), queue: queue)
        }
        try Self.check(queue: queue, uri: uri)
    }

    /// CUPS queue names: printable, at most 127 bytes, no space, `/`, `\`, `?`, `'`, `"` or `#`.
    static func check(queue: String, uri: PrinterURI) throws(PrinterURIError) {
        let forbidden: Set<Character> = [" ", "/", "\\", "?", "'", "\"", "#", "\t"]
        guard !queue.isEmpty, queue.utf8.count <= 127,
            !queue.contains(where: { forbidden.contains($0) || $0.asciiValue.map { $0 < 32 || $0 == 127 } == true })
        else {
            throw PrinterURIError(
                "'\(uri)': '\(queue)' is not a CUPS queue name (1–127 printable characters, no space, /, \\, ?, ', \" or #)"
            )
        }
    }

    public var description: String {
        server.map { "cups://\($0)/\(queue)" } ?? "cups://\(queue)"
    }
}
