/// One command of a ZPL stream as a printer reads it: its prefix, its name and the bytes up to the next prefix.
public struct ZPLCommand: Sendable, Hashable, CustomStringConvertible {
    public enum Prefix: Sendable, Hashable {
        /// `^`: a format command, read in order with the format it belongs to.
        case format
        /// `~`: a control command, which the printer acts on the moment it reads it.
        case control
    }

    public let prefix: Prefix
    /// Upper-cased, without the prefix: `XA`, `FD`, `A` (a font call, its font letter being a parameter), `A@`.
    public let name: String
    /// Byte offset of the prefix in the label.
    public let offset: Int
    /// The parameters or field data: every byte after the name up to the next prefix.
    public let parameters: [UInt8]

    /// The command as people write it: `^XA`, `~JA`.
    public var description: String { (prefix == .format ? "^" : "~") + name }
}
