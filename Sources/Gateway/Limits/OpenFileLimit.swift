#if canImport(Glibc)
    import Glibc
#endif

/// The process's limit on open files, which caps its connections: each client, database connection, printer and
/// template file takes one.
///
/// Debian starts services with a soft limit of 1,024 and a hard one far above it; the soft one is what counts, and a
/// process may raise it up to the hard one, as servers such as nginx and Go's runtime do. `gateway serve` does so at
/// start.
public enum OpenFileLimit {
    /// Raises the soft limit to the hard one (at most `ceiling`); returns the soft limit in force afterwards, or nil
    /// when it cannot be read.
    @discardableResult
    public static func raise(ceiling: Int = 1 << 20) -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        let wanted = min(limit.rlim_max, rlim_t(ceiling))
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = wanted
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
