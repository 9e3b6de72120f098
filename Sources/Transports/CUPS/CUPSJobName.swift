/// The names the transport gives the CUPS job of one label: its `job-name` (what `lpstat` shows, and how
/// ``CUPSTransport/open()`` knows its own jobs after a reconnection) and the `document-name` of its Send-Document.
///
/// The two differ because of a cupsd crash. cupsd 2.4.2 as Debian 12 ships it since the security update
/// `2.4.2-3+deb12u10` dies with SIGSEGV as it starts a job whose Send-Document carried a `document-name` with a
/// space or a tab after its first character (`label 1 of job …`, `a b`, `ab `, `a\tb`, `a  b` crash it; ` a`,
/// `a_b`, `a-b`, `a.b`, `a:b`, `a/b`, quotes, a backslash and `é` do not), on a stock or a minimal configuration
/// alike. No other attribute the transport sends is fragile in the same way: a `job-name` with spaces, tabs or a
/// trailing space, `document-format application/vnd.cups-raw` and `last-document true` print; so does a
/// Send-Document with no `document-name`. Reproduced with `ipptool` (Create-Job, then Send-Document with those
/// attributes) and with `lp -o raw "my label.zpl"`, which sends the file's name as `document-name`.
///
/// So the job name keeps its words, and the document name is the same text with every character outside
/// `A-Z a-z 0-9 . _ -` written as `-`: `label-1-of-job-ID`.
public struct CUPSJobName: Sendable, Hashable, CustomStringConvertible {
    /// `job-name`: `label N of job ID`, or `label N` outside a job.
    public let job: String
    /// `document-name`: ``job`` with nothing but letters, digits, `.`, `_` and `-`.
    public let document: String

    /// The names of label `number` of gateway job `jobID` (none outside a job).
    public init(label number: Int, jobID: String?) {
        self.init(job: jobID.map { "label \(number) of job \($0)" } ?? "label \(number)")
    }

    init(job: String) {
        self.job = job
        self.document = Self.documentName(job)
    }

    public var description: String { job }

    /// `text` with every character outside `A-Z a-z 0-9 . _ -` written as `-`; never empty.
    public static func documentName(_ text: String) -> String {
        let safe = String(
            text.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": Character(scalar)
                default: "-"
                }
            })
        return safe.isEmpty ? "label" : safe
    }

    /// The label number in a job name ``init(label:jobID:)`` made; nil for any other name.
    public static func labelNumber(inJobName name: String) -> Int? {
        guard name.hasPrefix("label ") else { return nil }
        let rest = name.dropFirst("label ".count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits), digits.count < 10 else { return nil }
        let tail = rest.dropFirst(digits.count)
        return tail.isEmpty || tail.hasPrefix(" of job ") ? number : nil
    }
}
