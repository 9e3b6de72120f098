/// Finds a key given twice in one JSON object. JSON parsers disagree on which of the two counts (Foundation's takes
/// the first, many validating proxies the last), so a request holding one would mean different things to them.
public enum JSONDuplicateKeys {
    /// Where the first repeated key is, as a path such as `labels[2].lot`; nil when no object repeats a key.
    /// `bytes` must be valid JSON (parse it first); one pass, whatever the nesting.
    public static func firstDuplicate(in bytes: some Collection<UInt8>) -> String? {
        var scanner = Scanner()
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            if let found = scanner.read(byte, rest: &iterator) { return found }
        }
        return nil
    }

    private struct Scanner {
        /// An object or array being read. Changed in place (`frames[last]`), so a key set is never copied.
        struct Frame {
            let isObject: Bool
            var index = 0
            var key: String?
            var expectingKey = true
            var keys: Set<String> = []
        }
        var frames: [Frame] = []

        mutating func read<I: IteratorProtocol<UInt8>>(_ byte: UInt8, rest: inout I) -> String? {
            switch byte {
            case UInt8(ascii: "{"): frames.append(Frame(isObject: true))
            case UInt8(ascii: "["): frames.append(Frame(isObject: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = frames.popLast()
            case UInt8(ascii: ","):
                guard !frames.isEmpty else { break }
                frames[frames.count - 1].index += 1
                frames[frames.count - 1].expectingKey = true
            case UInt8(ascii: "\""):
                let text = Self.string(&rest)
                guard let last = frames.indices.last, frames[last].isObject, frames[last].expectingKey else { break }
                let key = Self.unescaped(text)
                guard frames[last].keys.insert(key).inserted else { return path(ending: key) }
                frames[last].key = key
                frames[last].expectingKey = false
            default: break
            }
            return nil
        }

        private func path(ending key: String) -> String {
            var text = ""
            for frame in frames.dropLast() {
                if frame.isObject {
                    text += text.isEmpty ? (frame.key ?? "") : ".\(frame.key ?? "")"
                } else {
                    text += "[\(frame.index)]"
                }
            }
            return text.isEmpty ? key : "\(text).\(key)"
        }

        /// The raw bytes of a string up to its closing quote, escapes kept.
        private static func string<I: IteratorProtocol<UInt8>>(_ rest: inout I) -> [UInt8] {
            var bytes: [UInt8] = []
            var escaped = false
            while let byte = rest.next() {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    break
                }
                bytes.append(byte)
            }
            return bytes
        }

        /// A key as the parser sees it: `"a"` and `"\u0061"` are the same key.
        private static func unescaped(_ raw: [UInt8]) -> String {
            guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            var index = 0
            var pendingHigh: UInt32?
            while index < raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\"), index + 1 < raw.count else {
                    // Copy one UTF-8 sequence whole.
                    var end = index + 1
                    while end < raw.count, raw[end] & 0xC0 == 0x80 { end += 1 }
                    scalars.append(contentsOf: String(decoding: raw[index..<end], as: UTF8.self).unicodeScalars)
                    index = end
                    continue
                }
                let code = raw[index + 1]
                index += 2
                let simple: Character? =
                    switch code {
                    case UInt8(ascii: "n"): "\n"
                    case UInt8(ascii: "t"): "\t"
                    case UInt8(ascii: "r"): "\r"
                    case UInt8(ascii: "b"): "\u{08}"
                    case UInt8(ascii: "f"): "\u{0C}"
                    case UInt8(ascii: "u"): nil
                    default: Character(Unicode.Scalar(code))
                    }
                if let simple {
                    scalars.append(contentsOf: simple.unicodeScalars)
                    continue
                }
                let hex = raw[index..<min(index + 4, raw.count)]
                index += hex.count
                guard let value = UInt32(String(decoding: hex, as: UTF8.self), radix: 16) else { continue }
                if (0xD800...0xDBFF).contains(value) {
                    pendingHigh = value
                } else if (0xDC00...0xDFFF).contains(value), let high = pendingHigh {
                    pendingHigh = nil
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                    if let scalar = Unicode.Scalar(combined) { scalars.append(scalar) }
                } else if let scalar = Unicode.Scalar(value) {
                    scalars.append(scalar)
                }
            }
            return String(scalars)
        }
    }
}
