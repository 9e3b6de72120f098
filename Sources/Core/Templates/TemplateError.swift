/// A template file that cannot be used, with where and why.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public let template: String
    public let line: Int?
    public let message: String

    public init(template: String, line: Int?, message: String) {
        self.template = template
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(template), line \(line): \(message)" }
        return "\(template): \(message)"
    }
}
