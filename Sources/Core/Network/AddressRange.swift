import Foundation

/// A block of IP addresses written in CIDR notation (`10.0.0.0/8`, `fd00::/8`); a bare address is a block of one.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    /// How many leading bits an address must share with ``network``.
    public let prefixLength: Int

    public init(_ text: some StringProtocol) throws(AddressRangeError) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else {
            throw AddressRangeError("'\(text)' is not an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8")
        }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...bits).contains(given), parts[1].allSatisfy(\.isASCII) else {
                throw AddressRangeError("'\(text)' has a prefix length outside 0…\(bits)")
            }
            length = given
        }
        prefixLength = length
        network = IPAddress(masking: address, to: length)
    }

    /// Whether `address` is inside; an IPv4 address is never inside an IPv6 block, nor the other way round.
    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && IPAddress(masking: address, to: prefixLength) == network
    }

    public var description: String { "\(network)/\(prefixLength)" }

    /// The blocks of a comma-separated list such as `GATEWAY_ALLOWED_CLIENTS`; empty text is an empty list.
    public static func list(_ text: String) throws(AddressRangeError) -> [AddressRange] {
        var ranges: [AddressRange] = []
        for item in text.split(separator: ",") where !item.allSatisfy(\.isWhitespace) {
            ranges.append(try AddressRange(item))
        }
        return ranges
    }
}

extension [AddressRange] {
    /// Whether any block holds `address`.
    public func containsAddress(_ address: IPAddress) -> Bool { contains { $0.contains(address) } }
}

extension IPAddress {
    /// `address` with every bit after the first `prefixLength` cleared.
    fileprivate init(masking address: IPAddress, to prefixLength: Int) {
        var bytes = address.bytes
        for index in bytes.indices {
            let kept = min(max(prefixLength - index * 8, 0), 8)
            bytes[index] &= kept == 0 ? 0 : ~UInt8(0) << (8 - kept)
        }
        self = IPAddress(bytes: bytes)
    }
}

/// Text that is not an address block.
public struct AddressRangeError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
