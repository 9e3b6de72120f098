import Foundation

/// A printer's device URI, modelled on CUPS device URIs: `raw9100://10.0.0.50:9100`, `cups://queue`, `sim://line1?media=500`.
public struct PrinterURI: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// The path without its leading `/` (a CUPS queue on a remote server), possibly empty.
    public let path: String
    /// Query items in order; a name may repeat (`fault=…&fault=…`).
    public let query: [(name: String, value: String)]
    /// The URI as given, password included: for the transport only.
    public let text: String
    /// The URI with any password masked (``masked(_:)``): what messages and logs show.
    public let description: String
    /// True when the authority holds a user name or password (`scheme://user:secret@host`).
    public let hasUserInfo: Bool

    public init(_ string: String) throws(PrinterURIError) {
        guard let components = URLComponents(string: string) ?? Self.withColonInHost(string),
            let scheme = components.scheme?.lowercased(), !scheme.isEmpty
        else {
            throw PrinterURIError(
                "'\(Self.masked(string))' is not a URI of the form scheme://host[:port][/path][?query]")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PrinterURIError("'\(Self.masked(string))' has no host (write scheme://host…)")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
        self.path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        self.text = string
        self.description = Self.masked(string)
        self.hasUserInfo = components.user != nil || components.password != nil
    }

    /// Refuses a user name or password in the URI, for transports that have no use for one; the message does not
    /// repeat the URI, which would show the secret. `form` is how the URI should be written.
    public func refuseUserInfo(kind: String, form: String) throws(PrinterURIError) {
        guard hasUserInfo else { return }
        throw PrinterURIError("\(kind) takes no user name or password in its URI (user:password@); write \(form)")
    }

    /// `usb://0a5f:012a`: an authority whose "port" is not a number (hexadecimal USB ids) is kept whole as the host.
    private static func withColonInHost(_ string: String) -> URLComponents? {
        guard let start = string.range(of: "://")?.upperBound else { return nil }
        let end = string[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? string.endIndex
        let authority = string[start..<end]
        guard !authority.contains("@"), !authority.contains("["), authority.filter({ $0 == ":" }).count == 1 else {
            return nil
        }
        let escaped = authority.replacingOccurrences(of: ":", with: "%3A")
        return URLComponents(string: String(string[..<start]) + escaped + String(string[end...]))
    }

    /// The last value given for a query item.
    public func value(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }

    /// Every value given for a query item, in order.
    public func values(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    public static func == (lhs: PrinterURI, rhs: PrinterURI) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
