import Foundation

/// Checks that ready-made ZPL given for one label is exactly one format the engine can count.
///
/// A label is one `^XA … ^XZ` format. Control commands (`~…`) act the moment a printer reads them, even inside
/// field data, and would cancel or reset other labels, so they are refused; so are the commands that change the
/// format or control prefix (`^CC`, `^CT`, `^CD`), which would hide them.
public enum ZPLFormatCheck {
    /// A sentence saying what is wrong, or nil when the ZPL is acceptable.
    public static func problem(in zpl: String) -> String? {
        let bytes = Array(zpl.utf8)
        guard !bytes.isEmpty else { return "is empty" }
        guard bytes.count <= JobLimits.maxLabelBytes else {
            return "is \(bytes.count) bytes; a label's ZPL may have at most \(JobLimits.maxLabelBytes)"
        }
        if bytes.contains(UInt8(ascii: "~")) {
            return "contains '~': control commands are not accepted in label ZPL"
        }
        let upper = zpl.uppercased()
        for command in ["^CC", "^CT", "^CD"] where upper.contains(command) {
            return "contains \(command): changing the command prefixes is not accepted"
        }
        let trimmed = upper.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("^XA") else { return "must start with ^XA" }
        guard trimmed.hasSuffix("^XZ") else { return "must end with ^XZ" }
        let starts = upper.components(separatedBy: "^XA").count - 1
        let ends = upper.components(separatedBy: "^XZ").count - 1
        guard starts == 1, ends == 1 else {
            return "holds \(max(starts, ends)) formats; give each label as its own ^XA…^XZ string"
        }
        return nil
    }
}
