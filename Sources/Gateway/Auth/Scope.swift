/// What a token may do. Each scope includes the ones below it: `admin` may do all that `operate` may, and `operate`
/// all that `print` may.
///
/// - `print`: submit jobs, read jobs, printers, templates and lots, allocate lots, reprint, cancel. What Odoo needs.
/// - `operate`: run the queue (hold, release, move, pause and resume a printer).
/// - `admin`: change printers and models, webhooks, discovery (which probes the network).
public enum Scope: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case print
    case operate
    case admin

    /// What a token without a `scope` claim may do: tokens made before scopes existed are the callers' shared
    /// tokens, which submit and read; changing printers needs a token made with `--scope admin`.
    public static let unscoped = Scope.print

    public var description: String { rawValue }

    /// The widest scope a `scope` claim grants: a space-separated list (as in OAuth 2.0, RFC 6749 §3.3), where
    /// names the gateway does not know grant nothing. Nil when it names none it knows.
    public static func granted(by claim: String) -> Scope? {
        claim.split(separator: " ").compactMap { Scope(rawValue: String($0)) }.max()
    }

    public static func < (lhs: Scope, rhs: Scope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
