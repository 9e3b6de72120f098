/// Something in the ZPL the renderer skipped or could only approximate, with where it is.
public struct PreviewWarning: Sendable, Hashable {
    /// The label it is in, from 1.
    public var label: Int
    /// The command as written (`^XG`), or empty when the warning is about bytes outside any command.
    public var command: String
    /// Byte offset of the command in the ZPL.
    public var offset: Int
    public var message: String

    public init(label: Int, command: String, offset: Int, message: String) {
        self.label = label
        self.command = command
        self.offset = offset
        self.message = message
    }
}
