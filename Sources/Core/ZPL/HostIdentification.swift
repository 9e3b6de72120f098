/// The printer's answer to `~HI`: `model,firmware,dots per mm,memory,options`.
/// Some firmware puts dpi in the third field; both are accepted.
public struct HostIdentification: Sendable, Hashable {
    public var model: String
    public var firmware: String
    public var dotsPerMillimetre: Int
    public var memory: String
    public var options: String

    public init(model: String, firmware: String, dotsPerMillimetre: Int, memory: String, options: String = "") {
        self.model = model
        self.firmware = firmware
        self.dotsPerMillimetre = dotsPerMillimetre
        self.memory = memory
        self.options = options
    }

    public func encoded() -> [UInt8] {
        let fields = [model, firmware, String(dotsPerMillimetre), memory] + (options.isEmpty ? [] : [options])
        return ZPLFraming.frame(fields.joined(separator: ","))
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(ZPLStatusError) -> HostIdentification {
        guard let text = ZPLFraming.strings(in: bytes).first else { throw ZPLStatusError("~HI answer is not framed") }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 4, let third = Int(fields[2].trimmingCharacters(in: .whitespaces)) else {
            throw ZPLStatusError("~HI answer '\(text)' is malformed")
        }
        let dotsPerMillimetre =
            switch third {
            case 203: 8
            case 300: 12
            case 600: 24
            default: third
            }
        return HostIdentification(
            model: fields[0], firmware: fields[1], dotsPerMillimetre: dotsPerMillimetre, memory: fields[3],
            options: fields.count > 4 ? fields[4...].joined(separator: ",") : "")
    }
}
