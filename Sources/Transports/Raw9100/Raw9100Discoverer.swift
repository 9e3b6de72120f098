import Core
import NIOCore
import NIOPosix

/// Finds printers on the raw port by asking each host of a list (or of a subnet) `~HI` on port 9100: a host that
/// answers with a Zebra identification becomes a `raw9100://HOST:PORT` candidate. Nothing is probed unless asked.
public struct Raw9100Discoverer: PrinterDiscoverer {
    public let transport = "raw9100"
    /// `10.0.0.50`, `10.0.0.50:9101`, `[::1]:9100`.
    public let hosts: [String]
    public let timeout: Duration
    /// How many hosts are asked at once.
    public let concurrency: Int
    private let group: any EventLoopGroup

    public init(
        hosts: [String], timeout: Duration = .seconds(1), concurrency: Int = 32,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.hosts = hosts
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.group = eventLoopGroup
    }

    public func discover() async -> DiscoveryReport {
        guard !hosts.isEmpty else {
            return DiscoveryReport(
                transport: transport, available: true, printers: [],
                note: "no hosts to probe: give a host list or a subnet to ask ~HI on port 9100")
        }
        var found: [(Int, DiscoveredPrinter)] = []
        await withTaskGroup(of: (Int, DiscoveredPrinter?).self) { tasks in
            var next = 0
            func addNext() {
                guard next < hosts.count else { return }
                let index = next
                let host = hosts[index]
                next += 1
                tasks.addTask { (index, await probe(host)) }
            }
            for _ in 0..<min(concurrency, hosts.count) { addNext() }
            for await (index, printer) in tasks {
                if let printer { found.append((index, printer)) }
                addNext()
            }
        }
        let printers = found.sorted { $0.0 < $1.0 }.map(\.1)
        return DiscoveryReport(
            transport: transport, available: true, printers: printers,
            note: printers.isEmpty ? "none of the \(hosts.count) hosts answered ~HI on the raw port" : nil)
    }

    /// Connects to `host` and asks `~HI`; nil when it does not connect or answer like a Zebra.
    func probe(_ host: String) async -> DiscoveredPrinter? {
        let (name, port) = Self.split(host)
        guard
            let connection = try? await Raw9100Connection.connect(
                host: name, port: port, timeout: timeout, group: group)
        else { return nil }
        let answer = try? await connection.ask(
            "~HI", expecting: .identification, timeout: timeout, writeTimeout: timeout)
        await connection.close()
        guard case .complete(let bytes)? = answer, let identification = try? HostIdentification.parse(bytes) else {
            return nil
        }
        let endpoint = name.contains(":") ? "[\(name)]:\(port)" : "\(name):\(port)"
        return DiscoveredPrinter(
            uri: "raw9100://\(endpoint)", transport: transport, name: identification.model,
            detail: "firmware \(identification.firmware), \(identification.dotsPerMillimetre) dots/mm")
    }

    /// `host[:port]` or `[v6]:port`, port 9100 by default.
    static func split(_ text: String) -> (String, Int) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? 9100 : 9100)
        }
        let parts = text.split(separator: ":")
        if parts.count == 2, let port = Int(parts[1]) { return (String(parts[0]), port) }
        return (text, 9100)
    }
}
