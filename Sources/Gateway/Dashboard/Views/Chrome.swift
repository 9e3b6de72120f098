import Foundation

/// What every page has around its content: title, navigation, the refresh button and the opt-in auto-refresh.
struct Chrome {
    struct NavLink {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let nav: [NavLink]
    /// The page itself, as asked (the refresh button loads it again).
    let refreshHref: String
    /// The page with auto-refresh turned on (or off, when it is on).
    let autoRefreshHref: String
    let autoRefreshLabel: String
    /// Seconds between reloads, when asked for with `?refresh=N`.
    let refreshSeconds: Int?
    let generatedAt: String

    static let sections = [("Overview", "/"), ("Jobs", "/jobs"), ("Printers", "/printers"), ("Health", "/health")]
    /// The auto-refresh interval the page offers.
    static let autoRefreshSeconds = 10

    /// `path` and `query` are the request's; `refresh` its `refresh` parameter (5…3600 seconds).
    init(title: String, path: String, query: [(String, String)], refresh: Int?, now: Date) {
        self.title = title
        let section = Self.sections.last { $0.1 == "/" ? path == "/" : path.hasPrefix($0.1) }?.1
        nav = Self.sections.map { NavLink(label: $0.0, href: $0.1, current: $0.1 == section) }
        let others = query.filter { $0.0 != "refresh" }
        refreshHref = Self.href(path, others + (refresh.map { [("refresh", "\($0)")] } ?? []))
        if refresh == nil {
            autoRefreshHref = Self.href(path, others + [("refresh", "\(Self.autoRefreshSeconds)")])
            autoRefreshLabel = "Auto-refresh every \(Self.autoRefreshSeconds) s"
        } else {
            autoRefreshHref = Self.href(path, others)
            autoRefreshLabel = "Stop auto-refresh"
        }
        refreshSeconds = refresh
        generatedAt = DashboardWords.time(now)
    }

    /// `path?a=1&b=2`, each value percent-encoded.
    static func href(_ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryValue) ?? ""
    }

    private static let queryValue: CharacterSet = {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()
}
