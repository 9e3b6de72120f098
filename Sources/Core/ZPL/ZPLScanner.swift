/// Splits a ZPL stream into commands the way a printer reads it: a prefix always starts a command, whatever came
/// before it, so field data (`^FD…`) ends at the next `^` or `~` and cannot hide one.
///
/// Hex escapes of `^FH` (`_5E` for `^`, `_7E` for `~`) are decoded when the printer lays the field out, after it
/// has read the stream, so they print as characters and never start a command (Zebra Programming Guide, `^FH`;
/// ZEBRA.md, "ZPL safety"). One pass over the bytes, no backtracking: the time is linear in the input.
public enum ZPLScanner {
    public struct Scan: Sendable, Hashable {
        public var commands: [ZPLCommand] = []
        /// Bytes below 0x20 other than CR, LF and tab, with their offsets, outside skipped binary data.
        public var controlBytes: [(offset: Int, byte: UInt8)] = []

        public static func == (lhs: Scan, rhs: Scan) -> Bool {
            lhs.commands == rhs.commands && lhs.controlBytes.map(\.offset) == rhs.controlBytes.map(\.offset)
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(commands) }
    }

    /// DLE, which a Zebra printer can be set to read as the control prefix `~` (Zebra Programming Guide, `^CT`/`~CT`
    /// and the `ZPL` prefix settings of SGD `zpl.control_character`).
    public static let dle: UInt8 = 0x10
    /// RS, which a Zebra printer can be set to read as the format prefix `^` (SGD `zpl.format_prefix`).
    public static let rs: UInt8 = 0x1E

    /// The commands of `bytes`. With `alternatePrefixes`, DLE and RS start commands as `~` and `^` do (the printer
    /// may be set so, and the scan must not miss a command it would read), and binary payloads of `^GF` and `~DY`
    /// (formats B and C) are skipped by their declared length, as the printer reads them.
    public static func scan(_ bytes: [UInt8], alternatePrefixes: Bool) -> Scan {
        var scan = Scan()
        var index = 0
        func prefix(of byte: UInt8) -> ZPLCommand.Prefix? {
            switch byte {
            case UInt8(ascii: "^"): .format
            case UInt8(ascii: "~"): .control
            case rs where alternatePrefixes: .format
            case dle where alternatePrefixes: .control
            default: nil
            }
        }
        func noteControlByte(_ offset: Int) {
            let byte = bytes[offset]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { scan.controlBytes.append((offset, byte)) }
        }
        while index < bytes.count {
            guard let kind = prefix(of: bytes[index]) else {
                noteControlByte(index)
                index += 1
                continue
            }
            let start = index
            index += 1
            var name: [UInt8] = []
            while name.count < 2, index < bytes.count, prefix(of: bytes[index]) == nil {
                name.append(upper(bytes[index]))
                index += 1
                // `^A` calls a font: the letter or digit after it names the font, not the command (`^A0N,30,30`).
                if kind == .format, name == [UInt8(ascii: "A")], index < bytes.count, bytes[index] != UInt8(ascii: "@")
                {
                    break
                }
            }
            for offset in (start + 1)..<index { noteControlByte(offset) }
            let command = String(decoding: name, as: UTF8.self)
            var parameters: [UInt8] = []
            var commas = 0
            let binary = alternatePrefixes ? binaryLayout(kind, command) : nil
            while index < bytes.count, prefix(of: bytes[index]) == nil {
                let byte = bytes[index]
                parameters.append(byte)
                noteControlByte(index)
                index += 1
                guard byte == UInt8(ascii: ","), let binary else { continue }
                commas += 1
                if commas == binary.dataAfterCommas, let length = binaryLength(parameters, binary) {
                    let end = min(bytes.count, index + length)
                    parameters += bytes[index..<end]
                    index = end
                }
            }
            scan.commands.append(ZPLCommand(prefix: kind, name: command, offset: start, parameters: parameters))
        }
        return scan
    }

    /// Where a command declares binary data: which parameter says the format (B or C is binary), which the byte
    /// count, and after how many commas the data starts.
    struct BinaryLayout {
        let formatIndex: Int
        let lengthIndex: Int
        let dataAfterCommas: Int
    }

    /// `^GFa,b,c,d,data` (a: A hex, B binary, C compressed binary; b: binary byte count) and
    /// `~DYd:f,b,x,t,w,data` (b: format; t: total bytes) (Zebra Programming Guide, `^GF` and `~DY`).
    static func binaryLayout(_ prefix: ZPLCommand.Prefix, _ name: String) -> BinaryLayout? {
        switch (prefix, name) {
        case (.format, "GF"): BinaryLayout(formatIndex: 0, lengthIndex: 1, dataAfterCommas: 4)
        case (.control, "DY"): BinaryLayout(formatIndex: 1, lengthIndex: 3, dataAfterCommas: 5)
        default: nil
        }
    }

    static func binaryLength(_ parameters: [UInt8], _ layout: BinaryLayout) -> Int? {
        let fields = parameters.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).trimmingSpaces.uppercased()
        }
        guard fields.count > layout.lengthIndex, ["B", "C"].contains(fields[layout.formatIndex]),
            let length = Int(fields[layout.lengthIndex]), length > 0
        else { return nil }
        return length
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CR and LF.
    var trimmingSpaces: String {
        let spaces: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        var text = Substring(self)
        while let first = text.first, spaces.contains(first) { text.removeFirst() }
        while let last = text.last, spaces.contains(last) { text.removeLast() }
        return String(text)
    }
}
