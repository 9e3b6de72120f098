/// What a look for printers may probe: hosts to ask on the network (none: nothing is probed). Every transport
/// factory gets the same request and takes what concerns it (``TransportFactory/discoverer(for:)``).
public struct DiscoveryRequest: Sendable, Hashable {
    /// The most hosts one request may name.
    public static let maximumHosts = 1_024

    /// `10.0.0.50`, `10.0.0.50:9101`, `[::1]:9100`.
    public var hosts: [String]

    public init(hosts: [String] = []) {
        self.hosts = hosts
    }

    /// A request for `hosts` and the hosts of `subnet`; throws when the subnet is not one, or there are too many.
    public init(hosts: [String], subnet: String?) throws(PrinterURIError) {
        var all = hosts.filter { !$0.isEmpty }
        if let subnet, !subnet.isEmpty { all += try Self.hosts(inSubnet: subnet) }
        guard all.count <= Self.maximumHosts else {
            throw PrinterURIError("at most \(Self.maximumHosts) hosts are probed at once")
        }
        self.init(hosts: all)
    }

    /// The hosts of an IPv4 subnet such as `192.168.1.0/24` (network and broadcast addresses left out), at most a /22.
    public static func hosts(inSubnet cidr: String) throws(PrinterURIError) -> [String] {
        let parts = cidr.split(separator: "/")
        let octets = parts.first.map { $0.split(separator: ".").compactMap { UInt32($0) } } ?? []
        guard parts.count == 2, octets.count == 4, octets.allSatisfy({ $0 < 256 }), let bits = Int(parts[1]),
            (22...32).contains(bits)
        else {
            throw PrinterURIError("'\(cidr)' is not an IPv4 subnet of at most 1,024 addresses (a.b.c.d/22…/32)")
        }
        let address = octets.reduce(0) { $0 << 8 | $1 }
        let mask: UInt32 = bits == 32 ? .max : ~(UInt32.max >> UInt32(bits))
        let network = address & mask
        let size = UInt32(1) << UInt32(32 - bits)
        let range: [UInt32] = size <= 2 ? (0..<size).map { network + $0 } : (1..<(size - 1)).map { network + $0 }
        return range.map { value in
            (0..<4).reversed().map { String((value >> UInt32($0 * 8)) & 0xFF) }.joined(separator: ".")
        }
    }
}
