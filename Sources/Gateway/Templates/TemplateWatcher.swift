import Core
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Loads `*.zpl` templates from a folder and loads them again when a file changes (checked every `interval`).
/// A broken file is logged and reported by the API, and its last good version stays in use. Runs as a service
/// until graceful shutdown.
public struct TemplateWatcher: Service {
    let directory: String
    let library: TemplateLibrary
    let ticks: Ticks
    let logger: Logger

    public init(directory: String, library: TemplateLibrary, ticks: Ticks = .every(.seconds(1)), logger: Logger) {
        (self.directory, self.library, self.ticks, self.logger) = (directory, library, ticks, logger)
    }

    public func run() async throws {
        let seen = Scanned(
            stamps: scan(since: [:]), reportedMissing: !FileManager.default.fileExists(atPath: directory))
        await ticks.run {
            seen.state.withLock { seen in
                seen.stamps = scan(since: seen.stamps, reportMissingFolder: !seen.reportedMissing)
                seen.reportedMissing = seen.reportedMissing || !FileManager.default.fileExists(atPath: directory)
            }
        }
    }

    /// What the last scan found, and whether a missing folder was already reported.
    private final class Scanned: Sendable {
        let state: Mutex<(stamps: [String: Stamp], reportedMissing: Bool)>

        init(stamps: [String: Stamp], reportedMissing: Bool) {
            state = Mutex((stamps, reportedMissing))
        }
    }

    struct Stamp: Equatable {
        let modified: Date
        let size: Int
    }

    /// Loads what changed since `previous`; returns the folder's current stamps.
    @discardableResult
    func scan(since previous: [String: Stamp] = [:], reportMissingFolder: Bool = true) -> [String: Stamp] {
        let manager = FileManager.default
        guard let files = try? manager.contentsOfDirectory(atPath: directory) else {
            if reportMissingFolder {
                logger.warning("no templates folder", metadata: ["templates.dir": "\(directory)"])
            }
            for name in previous.keys { library.remove(name: name) }
            return [:]
        }
        var current: [String: Stamp] = [:]
        for file in files.sorted() where file.hasSuffix(".zpl") {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                let modified = attributes[.modificationDate] as? Date
            else { continue }
            let name = String(file.dropLast(4))
            let stamp = Stamp(modified: modified, size: (attributes[.size] as? Int) ?? 0)
            current[name] = stamp
            guard previous[name] != stamp else { continue }
            load(name: name, path: path)
        }
        for name in previous.keys where current[name] == nil {
            library.remove(name: name)
            logger.notice("template removed", metadata: ["template": "\(name)"])
        }
        return current
    }

    func load(name: String, path: String) {
        let result: Result<LabelTemplate, TemplateError>
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            result = Result { () throws(TemplateError) in try TemplateParser.parse(name: name, text: text) }
        } catch {
            result = .failure(TemplateError(template: name, line: nil, message: "cannot read \(path): \(error)"))
        }
        library.apply(name: name, result)
        switch result {
        case .success: logger.info("template loaded", metadata: ["template": "\(name)"])
        case .failure(let error):
            let kept = library.entry(named: name)?.template != nil
            logger.error(
                "template is broken\(kept ? "; its last good version stays in use" : "")",
                metadata: ["template": "\(name)", "error": "\(error)"])
        }
    }
}
