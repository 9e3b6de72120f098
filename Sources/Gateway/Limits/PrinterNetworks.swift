import Core
import Foundation
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `GATEWAY_PRINTER_NETWORKS`: the hosts printer URIs and discovery may reach (empty: any). An address is checked
/// as it is; a host name is resolved and every address it has must be inside. The check runs when a URI is
/// stored and when discovery is asked, not at each connection: a name whose DNS answer changes afterwards is
/// reached where it then points (use addresses in URIs where that matters).
public struct PrinterNetworks: Sendable {
    public let networks: [AddressRange]

    public init(_ networks: [AddressRange]) { self.networks = networks }

    /// Throws when the host `uri` names (per its transport) is outside the networks.
    public func check(uri: String, transports: TransportRegistry) async throws(PrinterURIError) {
        guard !networks.isEmpty, let host = transports.networkHost(of: uri) else { return }
        try await check(host: host, what: "the printer URI's host")
    }

    /// What of `request` may be probed: a host in `named` (given by the caller) outside the networks is an error;
    /// the other hosts (a subnet's) outside them are left out.
    public func allowed(_ request: DiscoveryRequest, named: [String]) async throws(PrinterURIError)
        -> DiscoveryRequest
    {
        guard !networks.isEmpty else { return request }
        var hosts: [String] = []
        for host in request.hosts {
            if named.contains(host) {
                try await check(host: Self.withoutPort(host), what: "the discovery host")
                hosts.append(host)
            } else if IPAddress(Self.withoutPort(host)).map(networks.containsAddress) ?? false {
                hosts.append(host)
            }
        }
        return DiscoveryRequest(hosts: hosts)
    }

    private func check(host: String, what: String) async throws(PrinterURIError) {
        let addresses: [IPAddress]
        if let address = IPAddress(host) {
            addresses = [address]
        } else {
            addresses = await Self.resolve(host)
            guard !addresses.isEmpty else {
                throw PrinterURIError("\(what) '\(host)' does not resolve, so it cannot be checked against \(list)")
            }
        }
        if let outside = addresses.first(where: { !networks.containsAddress($0) }) {
            let shown = IPAddress(host) == nil ? "'\(host)' (\(outside))" : "'\(host)'"
            throw PrinterURIError("\(what) \(shown) is outside the printer networks (GATEWAY_PRINTER_NETWORKS=\(list))")
        }
    }

    private var list: String { networks.map(\.description).joined(separator: ",") }

    /// `10.0.0.50:9101` → `10.0.0.50`, `[::1]:9100` → `::1`.
    static func withoutPort(_ host: String) -> String {
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<end])
        }
        return host.filter { $0 == ":" }.count == 1 ? String(host.prefix { $0 != ":" }) : host
    }

    /// Every address `host` resolves to (getaddrinfo, on NIO's thread pool); empty when it does not.
    static func resolve(_ host: String) async -> [IPAddress] {
        (try? await NIOThreadPool.singleton.runIfActive { addresses(of: host) }) ?? []
    }

    private static func addresses(of host: String) -> [IPAddress] {
        var hints = addrinfo()
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [IPAddress] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            if let address = info.pointee.ai_addr {
                if info.pointee.ai_family == AF_INET {
                    let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) }
                    }
                    found.append(IPAddress(bytes: bytes))
                } else if info.pointee.ai_family == AF_INET6 {
                    let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                        withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                    }
                    found.append(IPAddress(bytes: bytes))
                }
            }
            next = info.pointee.ai_next
        }
        return found
    }
}
