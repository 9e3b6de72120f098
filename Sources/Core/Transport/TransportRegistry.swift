import Logging
import Synchronization

/// The transports a gateway process links, keyed by URI scheme. Nothing else switches on a transport kind.
public struct TransportRegistry: Sendable {
    private var factories: [String: any TransportFactory] = [:]
    /// Each factory once, in the order registered (a factory may take several schemes).
    private var ordered: [any TransportFactory] = []
    /// The URIs of job reads, parsed once: every job read asks for its printer's confirmation.
    private let parsed = ParsedURIs()

    public init(_ factories: [any TransportFactory] = []) {
        for factory in factories { register(factory) }
    }

    public mutating func register(_ factory: any TransportFactory) {
        for scheme in factory.schemes { factories[scheme.lowercased()] = factory }
        ordered.append(factory)
    }

    /// Asks every transport that can look for printers, all at once; the reports come in registration order.
    public func discover(_ request: DiscoveryRequest) async -> [DiscoveryReport] {
        let discoverers = ordered.compactMap { $0.discoverer(for: request) }
        return await withTaskGroup(of: (Int, DiscoveryReport).self) { group in
            for (index, discoverer) in discoverers.enumerated() {
                group.addTask { (index, await discoverer.discover()) }
            }
            var reports: [(Int, DiscoveryReport)] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    public var schemes: [String] { factories.keys.sorted() }

    /// Parses and validates a URI; the error says what is wrong in words for a person.
    @discardableResult
    public func validate(_ string: String) throws(PrinterURIError) -> PrinterURI {
        let uri = try PrinterURI(string)
        guard let factory = factories[uri.scheme] else {
            throw PrinterURIError(
                "no transport handles the scheme '\(uri.scheme)'; this gateway knows \(schemes.joined(separator: ", "))"
            )
        }
        try factory.validate(uri)
        return uri
    }

    /// The network host a printer at this URI is reached at; nil when it names none or no transport handles it.
    public func networkHost(of string: String) -> String? {
        guard let uri = try? PrinterURI(string), let factory = factories[uri.scheme] else { return nil }
        return factory.networkHost(of: uri)
    }

    /// What a confirmation means for a printer at this URI; nil when no transport handles it.
    public func confirmation(for string: String) -> Confirmation? {
        guard let uri = parsed.uri(string), let factory = factories[uri.scheme] else { return nil }
        return factory.confirmation(for: uri)
    }

    public func makeTransport(uri string: String, model: PrinterModel, logger: Logger) throws -> any Transport {
        let uri: PrinterURI
        do { uri = try validate(string) } catch {
            throw TransportError(.invalidURI, error.message, underlying: error)
        }
        return try factories[uri.scheme]!.makeTransport(uri: uri, model: model, logger: logger)
    }
}

/// URIs already parsed, by their text; a few hundred printers at most, emptied should it ever grow past
/// ``limit``.
final class ParsedURIs: Sendable {
    static let limit = 4096
    private let uris = Mutex<[String: PrinterURI]>([:])

    /// `string` parsed; nil when it is not a URI.
    func uri(_ string: String) -> PrinterURI? {
        if let uri = uris.withLock({ $0[string] }) { return uri }
        guard let uri = try? PrinterURI(string) else { return nil }
        uris.withLock { uris in
            if uris.count >= Self.limit { uris.removeAll() }
            uris[string] = uri
        }
        return uri
    }
}
