/// Finds commands in a rendered label that its template did not put there: any control command (`~`), and any
/// `^XA` or `^XZ` other than the one format's opening `^XA` and closing `^XZ`.
///
/// With every value escaped by `ZPLField`, a rendered label has no findings; a finding means data reached the
/// printer raw.
public enum ZPLInjectionScan {
    /// One suspicious command and its byte offset in the document.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public let offset: Int
        /// The command as written, e.g. "~JA" or "^XZ".
        public let command: String
        public var description: String { "\(command) at byte \(offset)" }
    }

    /// The findings in `document`, in order; empty when it is one clean `^XA … ^XZ` format.
    public static func findings(in document: String) -> [Finding] {
        let bytes = Array(document.utf8)
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let firstCommand = bytes.firstIndex { !whitespace.contains($0) }
        let lastCommand = bytes.lastIndex { !whitespace.contains($0) }.map { $0 - 2 }
        var found: [Finding] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "~") {
                found.append(Finding(offset: index, command: command(in: bytes, at: index)))
            } else if byte == UInt8(ascii: "^"), index + 2 < bytes.count {
                let name = command(in: bytes, at: index).uppercased()
                let isOpening = name == "^XA" && index == firstCommand
                let isClosing = name == "^XZ" && index == lastCommand
                if (name == "^XA" || name == "^XZ") && !isOpening && !isClosing {
                    found.append(Finding(offset: index, command: name))
                }
            }
            index += 1
        }
        return found
    }

    private static func command(in bytes: [UInt8], at index: Int) -> String {
        String(decoding: bytes[index..<min(index + 3, bytes.count)], as: UTF8.self)
    }
}
