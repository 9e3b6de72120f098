/// Field data or field parameters that cannot be put into ZPL as given.
public struct ZPLFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case tooLong, invalidParameter
        }
        let base: Base
        /// The escaped data exceeds the 3,072 bytes one `^FD` holds.
        public static let tooLong = Code(base: .tooLong)
        /// A position, size or similar parameter outside what the command accepts.
        public static let invalidParameter = Code(base: .invalidParameter)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
