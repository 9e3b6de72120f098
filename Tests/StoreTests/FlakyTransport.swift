import Core
import Foundation
import Logging
import Synchronization

/// A transport for `flaky://NAME` that drops the connection after `after` labels on each of its first
/// `failures` connections, then delegates to the simulated printer `sim://NAME`. It stands for a network that
/// breaks mid-job, which the simulated printer's own faults play only once.
final class FlakyTransportFactory: TransportFactory {
    let schemes = ["flaky"]
    let failures: Int
    let after: Int
    let inner: any TransportFactory
    private let connections = Mutex(0)

    init(failures: Int, after: Int, inner: any TransportFactory) {
        self.failures = failures
        self.after = after
        self.inner = inner
    }

    var connectionCount: Int { connections.withLock { $0 } }

    func validate(_ uri: PrinterURI) throws(PrinterURIError) {}

    func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
        let number = connections.withLock { value in
            value += 1
            return value
        }
        let real = try inner.makeTransport(uri: try PrinterURI("sim://\(uri.host)"), model: model, logger: logger)
        return FlakyTransport(inner: real, failAfter: number <= failures ? after : nil)
    }
}

actor FlakyTransport: Transport {
    let inner: any Transport
    let failAfter: Int?
    var sent = 0

    init(inner: any Transport, failAfter: Int?) {
        self.inner = inner
        self.failAfter = failAfter
    }

    nonisolated var confirmation: Confirmation { .printed }
    func open() async throws { try await inner.open() }
    func send(_ label: LabelDocument) async throws {
        if let failAfter, sent >= failAfter { throw TransportError(.connectionLost, "connection reset by peer") }
        sent += 1
        try await inner.send(label)
    }
    func progress() async throws -> TransportProgress { try await inner.progress() }
    func status() async throws -> PrinterStatus { try await inner.status() }
    func close() async { await inner.close() }
}
