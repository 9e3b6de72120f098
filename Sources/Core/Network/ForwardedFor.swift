import Foundation

/// Who a request comes from when proxies may stand between: the peer itself, unless the peer is a trusted proxy;
/// then the right-most `X-Forwarded-For` address that is not a trusted proxy (the one the first trusted proxy
/// saw). Entries to its left were written by the client and prove nothing.
public enum ForwardedFor {
    /// The client's address; nil when the peer is unknown, or a trusted proxy forwarded text that is no address.
    public static func client(
        peer: IPAddress?, forwardedFor headers: [String], trustedProxies: [AddressRange]
    ) -> IPAddress? {
        guard let peer, trustedProxies.containsAddress(peer) else { return peer }
        let hops = headers.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddress(withoutPort: hop) else { return nil }
            client = address
            if !trustedProxies.containsAddress(address) { break }
        }
        return client
    }
}

extension IPAddress {
    /// An address as proxies write it: bare, `[v6]:port` or `v4:port`.
    fileprivate init?(withoutPort text: String) {
        if let address = IPAddress(text) {
            self = address
        } else if text.hasPrefix("["), let end = text.firstIndex(of: "]"), let address = IPAddress(text[...end]) {
            self = address
        } else if text.filter({ $0 == ":" }).count == 1, let address = IPAddress(text.prefix { $0 != ":" }) {
            self = address
        } else {
            return nil
        }
    }
}
