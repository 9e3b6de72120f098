/// The names of printers and templates: `[a-z0-9][a-z0-9_-]{0,62}`. They are URL path segments, env-file keys and
/// file names, so they hold no `.`, `/`, upper case or space.
public enum ResourceName {
    public static let rule = "1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit"

    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first, isLetterOrDigit(first) else { return false }
        return bytes.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
