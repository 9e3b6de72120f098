import ArgumentParser
import Foundation

/// Why an operator command did not do what it was asked: the gateway refused (its message), could not be reached,
/// was set up wrongly, or the job it waited for did not end well. The message is for people; it never holds the
/// token or the secret.
struct OperatorError: Error, CustomStringConvertible {
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case refused, unreachable, setup, unsuccessful }
        private let kind: Kind

        /// The API answered with an error; the message is its `error.message`.
        static let refused = Code(kind: .refused)
        /// No answer from the gateway, or one that is not the API's.
        static let unreachable = Code(kind: .unreachable)
        /// The command's settings or input are wrong (no token, a file that cannot be read).
        static let setup = Code(kind: .setup)
        /// The job ended failed or cancelled, or with labels that failed.
        static let unsuccessful = Code(kind: .unsuccessful)

        var description: String { "\(kind)" }
    }

    let code: Code
    let message: String
    /// Lines shown under the message, such as the API error's details.
    var details: [String] = []
    /// The HTTP status of the API's answer, for ``Code/refused``.
    var status: Int?
    var underlying: (any Error)?

    init(_ code: Code, _ message: String, details: [String] = [], status: Int? = nil, underlying: (any Error)? = nil) {
        (self.code, self.message, self.details, self.status, self.underlying) =
            (code, message, details, status, underlying)
    }

    var description: String { message }

    /// 2 when a job ended badly, so a script can tell it from a command that failed (1).
    var exitCode: Int32 { code == .unsuccessful ? 2 : 1 }
}

/// Runs an operator command's `body`; an ``OperatorError`` is written to standard error as `error: MESSAGE` with its
/// details under it, and the process ends with the error's exit code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as OperatorError {
        let text = (["error: \(error.message)"] + error.details.map { "  \($0)" }).joined(separator: "\n")
        FileHandle.standardError.write(Data((text + "\n").utf8))
        throw ExitCode(error.exitCode)
    }
}
