import Foundation
import CCUPS

/// Where cupsd listens: a Unix socket path or a host and port. Written as CUPS writes `CUPS_SERVER`:
/// `/run/cups/cups.sock`, `printhost`, `printhost:631`, `[::1]:631`.
public struct CUPSServer: Sendable, Hashable, CustomStringConvertible {
    public static let defaultPort = 631

    /// The socket path or host name given to `httpConnect2`.
    public let host: String
    public let port: Int

    public init(host: String, port: Int = CUPSServer.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Parses `CUPS_SERVER`-style text. Returns nil for an empty string or a bad port.
    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("/") {
            self.init(host: text, port: 0)
            return
        }
        var host = Substring(text)
        var port = CUPSServer.defaultPort
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if rest.hasPrefix(":") {
                guard let parsed = Int(rest.dropFirst()), (1...65_535).contains(parsed) else { return nil }
                port = parsed
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            guard let parsed = Int(host[host.index(after: colon)...]), (1...65_535).contains(parsed) else { return nil }
            port = parsed
            host = host[..<colon]
        }
        guard !host.isEmpty else { return nil }
        self.init(host: String(host), port: port)
    }

    /// The server libcups would use by itself: `CUPS_SERVER`, `~/.cups/client.conf`, `/etc/cups/client.conf`,
    /// else the local socket.
    public static var systemDefault: CUPSServer {
        let name = cupsServer().map { String(cString: $0) } ?? "/run/cups/cups.sock"
        if name.hasPrefix("/") { return CUPSServer(host: name, port: 0) }
        if var server = CUPSServer(name) {
            if !name.contains(":") || name.hasSuffix("]") {
                server = CUPSServer(host: server.host, port: Int(ippPort()))
            }
            return server
        }
        return CUPSServer(host: "/run/cups/cups.sock", port: 0)
    }

    public var isLocalSocket: Bool { host.hasPrefix("/") }

    public var description: String {
        if isLocalSocket { return host }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
