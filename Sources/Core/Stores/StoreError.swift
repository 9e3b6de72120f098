/// An error from storage, with a code the HTTP edge maps once. Every store (PostgreSQL, in memory) throws these
/// for the outcomes the store protocols name; `unavailable` means the storage cannot be reached.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable { case notFound, conflict, invalid, unavailable }
        let base: Base
        public static let notFound = Code(base: .notFound)
        public static let conflict = Code(base: .conflict)
        public static let invalid = Code(base: .invalid)
        /// The database cannot be reached or is not ready.
        public static let unavailable = Code(base: .unavailable)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String
    public let underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(code): \(message)" }
}
