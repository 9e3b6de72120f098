import Foundation

extension SimulatedPrinter {
    /// A scripted misbehaviour of the simulated printer, written as in a `sim://` URI's `fault=` option
    /// or the `--fault` option of `gateway simulate`.
    ///
    /// | text | meaning |
    /// |---|---|
    /// | `paper_out@N` | the media runs out when label N would print (N − 1 labels print) |
    /// | `head_open@N` | the head opens when label N would print |
    /// | `ribbon_out@N` | the ribbon runs out when label N would print |
    /// | `pause@N` | the printer pauses when label N would print |
    /// | `reset@K` | the connection is reset after K more bytes; later bytes and the partial format are lost |
    /// | `silent`, `silent@N` | no status answers at all (`~HS`, `~HQES`, `~HI`), from the start or after N labels |
    /// | `garbled` | status answers are malformed bytes |
    /// | `refuse=S`, `refuse@N=S` | connections are refused for S seconds, from the start or once label N has printed |
    /// | `blackhole` | bytes are accepted and buffered, status says so, nothing ever prints |
    ///
    /// Label numbers count every label the printer prints in its life, from 1. `paper_out`, `head_open`,
    /// `ribbon_out` and `pause` without `@N` mean `@1`.
    public enum Fault: Sendable, Hashable, CustomStringConvertible {
        case paperOut(atLabel: Int)
        case headOpen(atLabel: Int)
        case ribbonOut(atLabel: Int)
        case pause(atLabel: Int)
        case reset(afterBytes: Int)
        case silent(afterLabels: Int)
        case garbled
        case refuse(seconds: Double, afterLabels: Int?)
        case blackhole

        public var description: String {
            switch self {
            case .paperOut(let label): "paper_out@\(label)"
            case .headOpen(let label): "head_open@\(label)"
            case .ribbonOut(let label): "ribbon_out@\(label)"
            case .pause(let label): "pause@\(label)"
            case .reset(let bytes): "reset@\(bytes)"
            case .silent(let labels): labels == 0 ? "silent" : "silent@\(labels)"
            case .garbled: "garbled"
            case .refuse(let seconds, let labels):
                (labels.map { "refuse@\($0)" } ?? "refuse") + "=\(Self.format(seconds))"
            case .blackhole: "blackhole"
            }
        }

        /// Parses one fault, for example `paper_out@57` or `refuse=10`; the error says what is wrong.
        public static func parse(_ text: String) throws(FaultSyntaxError) -> Fault {
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            var name = Substring(trimmed)
            var value: Substring? = nil
            if let equals = name.firstIndex(of: "=") {
                value = name[name.index(after: equals)...]
                name = name[..<equals]
            }
            var at: Substring? = nil
            if let sign = name.firstIndex(of: "@") {
                at = name[name.index(after: sign)...]
                name = name[..<sign]
            }

            func count(minimum: Int) throws(FaultSyntaxError) -> Int? {
                guard let at else { return nil }
                guard let number = Int(at), number >= minimum else {
                    throw FaultSyntaxError(
                        "fault '\(text)': '@\(at)' must be a whole number of at least \(minimum)")
                }
                return number
            }
            func noValue() throws(FaultSyntaxError) {
                if value != nil { throw FaultSyntaxError("fault '\(text)' takes no '=' value") }
            }

            switch name {
            case "paper_out", "head_open", "ribbon_out", "pause":
                try noValue()
                let label = try count(minimum: 1) ?? 1
                switch name {
                case "paper_out": return .paperOut(atLabel: label)
                case "head_open": return .headOpen(atLabel: label)
                case "ribbon_out": return .ribbonOut(atLabel: label)
                default: return .pause(atLabel: label)
                }
            case "reset":
                try noValue()
                guard let bytes = try count(minimum: 0) else {
                    throw FaultSyntaxError(
                        "fault '\(text)': write reset@K, K the number of bytes before the reset")
                }
                return .reset(afterBytes: bytes)
            case "silent":
                try noValue()
                return .silent(afterLabels: try count(minimum: 0) ?? 0)
            case "garbled", "blackhole":
                try noValue()
                if at != nil { throw FaultSyntaxError("fault '\(text)' takes no '@' count") }
                return name == "garbled" ? .garbled : .blackhole
            case "refuse":
                guard let value, let seconds = Double(value), seconds.isFinite, seconds > 0 else {
                    throw FaultSyntaxError(
                        "fault '\(text)': write refuse=SECONDS or refuse@N=SECONDS with SECONDS a positive number"
                    )
                }
                return .refuse(seconds: seconds, afterLabels: try count(minimum: 0))
            default:
                throw FaultSyntaxError(
                    "unknown fault '\(text)'; known: paper_out@N, head_open@N, ribbon_out@N, pause@N, reset@K, "
                        + "silent, silent@N, garbled, refuse=SECONDS, refuse@N=SECONDS, blackhole")
            }
        }

        /// Parses a list of faults, as given by repeated `fault=` or `--fault` options.
        public static func parse(_ texts: [String]) throws(FaultSyntaxError) -> [Fault] {
            var faults: [Fault] = []
            for text in texts { faults.append(try parse(text)) }
            return faults
        }

        private static func format(_ seconds: Double) -> String {
            seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
        }
    }

    /// A fault string that cannot be parsed.
    public struct FaultSyntaxError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}
