import Synchronization

/// The templates in use. A broken file never replaces a good version: the last good one keeps printing and the
/// error is kept beside it for people to read.
public final class TemplateLibrary: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The last version that loaded, if any.
        public var template: LabelTemplate?
        /// Why the file as it is now does not load.
        public var error: TemplateError?
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func entry(named name: String) -> Entry? { entries.withLock { $0[name] } }

    public var all: [(name: String, entry: Entry)] {
        entries.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    /// Records the outcome of loading a file.
    public func apply(name: String, _ result: Result<LabelTemplate, TemplateError>) {
        entries.withLock { entries in
            var entry = entries[name] ?? Entry()
            switch result {
            case .success(let template):
                entry.template = template
                entry.error = nil
            case .failure(let error):
                entry.error = error
            }
            entries[name] = entry
        }
    }

    public func remove(name: String) {
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }
}
