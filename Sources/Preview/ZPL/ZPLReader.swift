/// Reads a ZPL stream command by command, once, with the prefixes and delimiter the stream itself may change
/// (`^CC`/`~CC` format prefix, `^CT`/`~CT` control prefix, `^CD`/`~CD` delimiter; Zebra Programming Guide, ^CC ^CD ^CT).
///
/// Core's `ZPLScanner` reads with the fixed prefixes only; a preview must follow a stream that changes them.
struct ZPLReader {
    struct Command {
        var isControl: Bool
        /// Upper-cased, without the prefix: `FO`, `A` (a font call: the font letter is the first parameter byte).
        var name: String
        var offset: Int
        var parameters: ArraySlice<UInt8>
    }

    let bytes: [UInt8]
    private(set) var index = 0
    var formatPrefix = UInt8(ascii: "^")
    var controlPrefix = UInt8(ascii: "~")
    var delimiter = UInt8(ascii: ",")

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func isPrefix(_ byte: UInt8) -> Bool { byte == formatPrefix || byte == controlPrefix }

    /// The next command, or nil at the end; bytes between commands are skipped.
    mutating func next() -> Command? {
        while index < bytes.count, !isPrefix(bytes[index]) { index += 1 }
        guard index < bytes.count else { return nil }
        let start = index
        let isControl = bytes[index] == controlPrefix && bytes[index] != formatPrefix
        index += 1
        var name: [UInt8] = []
        while name.count < 2, index < bytes.count, !isPrefix(bytes[index]) {
            name.append(Self.upper(bytes[index]))
            index += 1
            if !isControl, name == [UInt8(ascii: "A")], index < bytes.count, bytes[index] != UInt8(ascii: "@") {
                break
            }
        }
        let command = String(decoding: name, as: UTF8.self)
        // The prefix commands take the next byte as it is, even when it is a prefix (`^CC~`).
        if ["CC", "CT", "CD"].contains(command) {
            let end = min(bytes.count, index + 1)
            defer { index = end }
            return Command(isControl: isControl, name: command, offset: start, parameters: bytes[index..<end])
        }
        let parametersStart = index
        while index < bytes.count, !isPrefix(bytes[index]) { index += 1 }
        return Command(isControl: isControl, name: command, offset: start, parameters: bytes[parametersStart..<index])
    }

    /// For `^GF` in binary form: takes `count` bytes after the parameters read so far as the field's data,
    /// whatever they hold, as the printer does.
    mutating func takeBinary(from start: Int, count: Int) -> ArraySlice<UInt8> {
        let end = min(bytes.count, start + max(0, count))
        index = max(index, end)
        return bytes[start..<end]
    }

    static func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte
    }
}
