import Foundation

/// Zebra status answers are framed as `STX text ETX CR LF`.
public enum ZPLFraming {
    public static let stx: UInt8 = 0x02
    public static let etx: UInt8 = 0x03

    public static func frame(_ text: String) -> [UInt8] {
        [stx] + Array(text.utf8) + [etx, 0x0D, 0x0A]
    }

    /// The texts between each STX and the ETX that follows it; an unterminated tail is left out.
    public static func strings(in bytes: some Collection<UInt8>) -> [String] {
        var result: [String] = []
        var current: [UInt8]? = nil
        for byte in bytes {
            switch byte {
            case stx: current = []
            case etx:
                if let text = current { result.append(String(decoding: text, as: UTF8.self)) }
                current = nil
            default: current?.append(byte)
            }
        }
        return result
    }

    /// How many complete STX…ETX strings `bytes` holds.
    public static func completeStrings(in bytes: some Collection<UInt8>) -> Int {
        strings(in: bytes).count
    }
}
