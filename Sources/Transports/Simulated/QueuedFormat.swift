/// A complete format in the receive buffer, with what printing it takes.
struct QueuedFormat: Sendable, Hashable {
    let bytes: [UInt8]
    let connection: SimulatedPrinter.ConnectionID
    /// From `^LLn`, else the printer's default.
    let labelDots: Int
    /// From `^PQn` (at least 1).
    let copies: Int

    init(bytes: [UInt8], connection: SimulatedPrinter.ConnectionID, defaultLabelDots: Int) {
        self.bytes = bytes
        self.connection = connection
        self.labelDots =
            Self.number(after: "^LL", in: bytes).flatMap { $0 > 0 ? $0 : nil } ?? defaultLabelDots
        self.copies = max(1, Self.number(after: "^PQ", in: bytes) ?? 1)
    }

    /// The number that follows the last occurrence of `command` (case-insensitive), if any.
    static func number(after command: String, in bytes: [UInt8]) -> Int? {
        let pattern = Array(command.uppercased().utf8)
        let upper = bytes.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }
        var result: Int? = nil
        var index = 0
        while index + pattern.count <= upper.count {
            if Array(upper[index..<index + pattern.count]) == pattern {
                var end = index + pattern.count
                var digits = ""
                while end < upper.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(upper[end]),
                    digits.count < 9
                {
                    digits.append(Character(UnicodeScalar(upper[end])))
                    end += 1
                }
                if let value = Int(digits) { result = value }
                index = end
            } else {
                index += 1
            }
        }
        return result
    }
}
