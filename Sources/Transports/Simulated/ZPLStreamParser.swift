/// Splits a ZPL byte stream into formats (`^XA…^XZ`) and control commands (`~XX`), byte by byte, as a Zebra
/// printer reads it: a control command acts the moment it is complete, wherever it appears, even inside a
/// format's field data, and its bytes are not part of the format.
struct ZPLStreamParser: Sendable {
    enum Event: Sendable, Hashable {
        /// A complete format, `^XA` through `^XZ`.
        case format([UInt8])
        /// A control command without its `~`, parameters included (`HS`, `HQES`, `SD25`).
        case control(String)
    }

    /// Control commands whose two letters are followed by fixed-length parameters (Zebra Programming Guide).
    static let parameterLengths: [String: Int] = [
        "HQ": 2, "SD": 2, "TA": 3, "JS": 1, "CC": 1, "CD": 1, "CT": 1,
    ]

    private static let caret = UInt8(ascii: "^")
    private static let tilde = UInt8(ascii: "~")

    private var format: [UInt8]? = nil
    private var control: [UInt8]? = nil
    private var outsideTail: [UInt8] = []

    /// True while a format has begun (`^XA`) and not yet ended (`^XZ`).
    var hasPartialFormat: Bool { format != nil }

    /// Forgets a partial format and a half-read control command.
    mutating func discardPartial() {
        format = nil
        control = nil
        outsideTail = []
    }

    mutating func feed(_ byte: UInt8) -> Event? {
        if byte == Self.tilde {
            control = []
            return nil
        }
        if var command = control {
            command.append(Self.upper(byte))
            let name = String(decoding: command.prefix(2), as: UTF8.self)
            if command.count >= 2, command.count == 2 + (Self.parameterLengths[name] ?? 0) {
                control = nil
                return .control(String(decoding: command, as: UTF8.self))
            }
            control = command
            return nil
        }
        if var current = format {
            current.append(byte)
            if current.count >= 6, Self.endsWith(current, "^XZ") {
                format = nil
                return .format(current)
            }
            format = current
            return nil
        }
        outsideTail.append(byte)
        if outsideTail.count > 3 { outsideTail.removeFirst(outsideTail.count - 3) }
        if Self.endsWith(outsideTail, "^XA") {
            format = Array(outsideTail.suffix(3))
            outsideTail = []
        }
        return nil
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }

    private static func endsWith(_ bytes: [UInt8], _ suffix: String) -> Bool {
        let tail = Array(suffix.utf8)
        guard bytes.count >= tail.count else { return false }
        return zip(bytes.suffix(tail.count), tail).allSatisfy { upper($0) == $1 }
    }
}
