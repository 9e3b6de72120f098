import Foundation

/// The printer's answer to `~HQES`: error and warning bit groups (Zebra Programming Guide, ~HQ).
///
/// ```
/// STX CR LF
///   PRINTER STATUS CR LF
///     ERRORS:         1 00000000 00000005 CR LF
///     WARNINGS:       0 00000000 00000000 CR LF
/// ETX CR LF
/// ```
/// The last group of eight hex digits is group 1.
public struct ExtendedStatus: Sendable, Hashable {
    public struct Errors: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let mediaOut = Errors(rawValue: 0x1)
        public static let ribbonOut = Errors(rawValue: 0x2)
        public static let headOpen = Errors(rawValue: 0x4)
        public static let cutterFault = Errors(rawValue: 0x8)
        public static let headOverTemperature = Errors(rawValue: 0x10)
        public static let motorOverTemperature = Errors(rawValue: 0x20)
        public static let badHeadElement = Errors(rawValue: 0x40)
        public static let headDetectionError = Errors(rawValue: 0x80)
    }

    public struct Warnings: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let calibrateMedia = Warnings(rawValue: 0x1)
        public static let cleanPrintHead = Warnings(rawValue: 0x2)
        public static let replacePrintHead = Warnings(rawValue: 0x4)
    }

    public var errors: Errors
    public var errorsGroup2: UInt32
    public var warnings: Warnings
    public var warningsGroup2: UInt32

    public init(errors: Errors = [], errorsGroup2: UInt32 = 0, warnings: Warnings = [], warningsGroup2: UInt32 = 0) {
        self.errors = errors
        self.errorsGroup2 = errorsGroup2
        self.warnings = warnings
        self.warningsGroup2 = warningsGroup2
    }

    public var printerStatus: PrinterStatus {
        let map: [(Errors, PrinterReason)] = [
            (.mediaOut, .paperOut), (.ribbonOut, .ribbonOut), (.headOpen, .headOpen), (.cutterFault, .cutterFault),
            (.headOverTemperature, .headOverTemperature), (.motorOverTemperature, .motorOverTemperature),
            (.badHeadElement, .headElementBad), (.headDetectionError, .other),
        ]
        let reasons = map.filter { errors.contains($0.0) }.map(\.1)
        let hasErrors = !errors.isEmpty || errorsGroup2 != 0
        return PrinterStatus(
            state: hasErrors ? .error : .ready, reasons: hasErrors && reasons.isEmpty ? [.other] : reasons)
    }

    public func encoded() -> [UInt8] {
        func group(_ value: UInt32) -> String {
            let hex = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        }
        let errorFlag = (errors.rawValue != 0 || errorsGroup2 != 0) ? 1 : 0
        let warningFlag = (warnings.rawValue != 0 || warningsGroup2 != 0) ? 1 : 0
        let text =
            "\r\n  PRINTER STATUS\r\n"
            + "    ERRORS:         \(errorFlag) \(group(errorsGroup2)) \(group(errors.rawValue))\r\n"
            + "    WARNINGS:       \(warningFlag) \(group(warningsGroup2)) \(group(warnings.rawValue))\r\n"
        return ZPLFraming.frame(text)
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(ZPLStatusError) -> ExtendedStatus {
        guard let text = ZPLFraming.strings(in: bytes).first else { throw ZPLStatusError("~HQES answer is not framed") }
        func groups(_ label: String) throws(ZPLStatusError) -> (UInt32, UInt32) {
            guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.contains(label) }) else {
                throw ZPLStatusError("~HQES answer has no \(label) line")
            }
            let parts = line.split(separator: ":", maxSplits: 1).last?.split(separator: " ") ?? []
            guard parts.count == 3, let two = UInt32(parts[1], radix: 16), let one = UInt32(parts[2], radix: 16) else {
                throw ZPLStatusError("~HQES \(label) line '\(line)' is malformed")
            }
            return (two, one)
        }
        let (errorsTwo, errorsOne) = try groups("ERRORS:")
        let (warningsTwo, warningsOne) = try groups("WARNINGS:")
        return ExtendedStatus(
            errors: Errors(rawValue: errorsOne), errorsGroup2: errorsTwo,
            warnings: Warnings(rawValue: warningsOne), warningsGroup2: warningsTwo)
    }
}
