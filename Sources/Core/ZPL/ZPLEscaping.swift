/// Field data that never becomes printer commands.
///
/// Values are hex-escaped for `^FH` with its default indicator `_`: `^` → `_5E`, `~` → `_7E`, `_` → `_5F`, and every
/// control byte (0x00–0x1F, 0x7F) → `_XX`. Everything else, non-ASCII included, stays as raw UTF-8 bytes, which the
/// printer reads as text because the template declares `^CI28` (UTF-8). `^` and `~` are ASCII, so no byte of a
/// multi-byte UTF-8 character can be mistaken for either.
public enum ZPLField {
    /// Bytes one `^FD` may hold (Zebra Programming Guide, `^FD`), counted after escaping.
    public static let maxFieldDataBytes = 3_072

    /// `value` escaped for a field introduced by `^FH` (indicator `_`).
    public static func escape(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "~")
                || byte == UInt8(ascii: "_")
            {
                bytes += [UInt8(ascii: "_"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A text field's data: `^FH^FD<escaped value>^FS`. Refuses values longer than 3,072 bytes after escaping
    /// rather than cutting them.
    public static func text(_ value: String) throws(ZPLFieldError) -> String {
        let escaped = escape(value)
        let size = escaped.utf8.count
        guard size <= maxFieldDataBytes else {
            throw ZPLFieldError(
                .tooLong, "field data is \(size) bytes after escaping; a ^FD holds at most \(maxFieldDataBytes)")
        }
        return "^FH^FD\(escaped)^FS"
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
