/// Checks that ready-made ZPL given for one label is exactly one format the engine can count, holding only the
/// commands its printer's ``ZPLPolicy`` allows.
public enum ZPLLabelCheck {
    /// A label that passed: the ZPL to send (every `^PQ` quantity made 1) and how many labels it stands for.
    public struct Checked: Sendable, Hashable {
        public let zpl: String
        /// The `^PQ` quantity: one label each, so that every copy is counted and confirmed.
        public let copies: Int
    }

    /// One thing wrong with a label.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The refused command (`^JUS` is reported as `^JU`, a control byte as `0x10`); nil when the label is
        /// malformed rather than holding a refused command.
        public let command: String?
        /// Byte offset of the command in the label.
        public let offset: Int?
        /// For people: what is wrong, starting with the command when there is one.
        public let message: String

        public var description: String { message }
    }

    /// Every problem of one label.
    public struct Problems: Error, Sendable, Hashable {
        public let items: [Problem]
    }

    /// Refused commands named per label, at most: enough to mend it, bounded for a hostile one.
    public static let maxProblems = 20

    /// The label to send, or every problem found (up to ``maxProblems``).
    public static func check(_ zpl: String, policy: ZPLPolicy) -> Result<Checked, Problems> {
        let bytes = Array(zpl.utf8)
        guard !bytes.isEmpty else { return .failure(Problems(items: [malformed("is empty")])) }
        guard bytes.count <= JobLimits.maxLabelBytes else {
            return .failure(
                Problems(items: [
                    malformed("is \(bytes.count) bytes; a label's ZPL may have at most \(JobLimits.maxLabelBytes)")
                ]))
        }
        let scan = ZPLScanner.scan(bytes, alternatePrefixes: policy == .device)
        let refused = refusals(scan, policy: policy)
        guard refused.isEmpty else { return .failure(Problems(items: Array(refused.prefix(maxProblems)))) }
        if let problem = structureProblem(scan, bytes: bytes) { return .failure(Problems(items: [problem])) }
        let quantities = scan.commands.filter { $0.prefix == .format && $0.name == "PQ" }
        let copies = quantities.last.flatMap(ZPLPolicy.quantity) ?? 1
        return .success(Checked(zpl: copies > 1 ? singleQuantity(bytes, quantities) : zpl, copies: copies))
    }

    /// The refused commands and control bytes of `scan`, in the order they come.
    static func refusals(_ scan: ZPLScanner.Scan, policy: ZPLPolicy) -> [Problem] {
        var found: [Problem] = []
        for command in scan.commands {
            guard let reason = policy.refusal(of: command) else { continue }
            found.append(Problem(command: "\(command)", offset: command.offset, message: "\(command) \(reason)"))
        }
        if policy == .label {
            for (offset, byte) in scan.controlBytes {
                let hex = "0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                found.append(
                    Problem(
                        command: hex, offset: offset,
                        message: "byte \(hex) is a control character; a label may hold none but CR, LF and tab "
                            + "(a Zebra printer can be set to read DLE as ~ and RS as ^)"))
            }
        }
        return found.sorted { ($0.offset ?? 0) < ($1.offset ?? 0) }
    }

    /// The first command or control byte of `text` that `policy` refuses, for a template line.
    static func firstRefusal(in text: String, policy: ZPLPolicy) -> Problem? {
        refusals(ZPLScanner.scan(Array(text.utf8), alternatePrefixes: policy == .device), policy: policy).first
    }

    /// One `^XA…^XZ` format, nothing but white space or allowed control commands around it.
    static func structureProblem(_ scan: ZPLScanner.Scan, bytes: [UInt8]) -> Problem? {
        let formatCommands = scan.commands.filter { $0.prefix == .format }
        let first = scan.commands.first
        let leading = bytes[..<(first?.offset ?? bytes.count)]
        guard leading.allSatisfy(isSpace), formatCommands.first?.name == "XA" else {
            return malformed("must start with ^XA")
        }
        guard let last = formatCommands.last, last.name == "XZ", last.parameters.allSatisfy(isSpace) else {
            return malformed("must end with ^XZ")
        }
        let starts = formatCommands.filter { $0.name == "XA" }.count
        let ends = formatCommands.filter { $0.name == "XZ" }.count
        guard starts == 1, ends == 1 else {
            return malformed("holds \(max(starts, ends)) formats; give each label as its own ^XA…^XZ string")
        }
        return nil
    }

    /// `bytes` with the quantity of every `^PQ` written as 1, the rest of each command kept.
    static func singleQuantity(_ bytes: [UInt8], _ quantities: [ZPLCommand]) -> String {
        var result: [UInt8] = []
        var index = 0
        for command in quantities {
            let parametersStart = command.offset + 3
            result += bytes[index..<parametersStart]
            let quantityLength = command.parameters.firstIndex(of: UInt8(ascii: ",")) ?? command.parameters.count
            result.append(UInt8(ascii: "1"))
            index = parametersStart + quantityLength
        }
        result += bytes[index...]
        return String(decoding: result, as: UTF8.self)
    }

    private static func malformed(_ message: String) -> Problem {
        Problem(command: nil, offset: nil, message: "ZPL \(message)")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
