import Core
import Testing
import TransportRaw9100

@Suite("Raw 9100 transport: URIs")
struct Raw9100TransportFactoryTests {
    let registry = TransportRegistry([Raw9100TransportFactory(configuration: .test)])

    @Test(
        "valid URIs",
        arguments: [
            "raw9100://10.0.0.50:9100", "raw9100://10.0.0.50", "socket://printer.local:6101",
            "RAW9100://zebra", "raw9100://10.0.0.50/", "raw9100://h?connect_timeout=3&status_timeout=0.5",
            "raw9100://h?write_timeout=20&drain_timeout=120&poll_interval=0.25",
        ])
    func validURIs(uri: String) throws {
        try registry.validate(uri)
    }

    @Test(
        "invalid URIs, with what is wrong",
        arguments: [
            ("raw9100://10.0.0.50:0", "port 0"),
            ("raw9100://10.0.0.50/queue", "no path"),
            ("raw9100://10.0.0.50?speed=3", "unknown option 'speed'"),
            ("raw9100://10.0.0.50?connect_timeout=soon", "connect_timeout"),
            ("raw9100://10.0.0.50?status_timeout=0", "status_timeout"),
            ("raw9100://10.0.0.50?write_timeout=-1", "write_timeout"),
            ("raw9100://alice:Pw-4411@10.0.0.50:9100", "user name or password"),
            ("socket://alice@10.0.0.50", "user name or password"),
        ])
    func invalidURIs(uri: String, fragment: String) {
        let error = #expect(throws: PrinterURIError.self) { try registry.validate(uri) }
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("Pw-4411") == false)
    }

    @Test("a port that is not a TCP port is refused")
    func portOutOfRange() {
        #expect(throws: PrinterURIError.self) { try registry.validate("raw9100://10.0.0.50:70000") }
    }

    @Test("makeTransport takes the default port and the URI's timeouts")
    func makeTransport() throws {
        let transport = try registry.makeTransport(
            uri: "socket://10.0.0.50?connect_timeout=3&status_timeout=1.5", model: .zebraZ230_300dpi,
            logger: PrinterFixture.logger)
        let raw = try #require(transport as? Raw9100Transport)
        #expect(raw.port == 9100)
        #expect(raw.host == "10.0.0.50")
        #expect(raw.endpoint == "10.0.0.50:9100")
        #expect(raw.confirmation == .printed)
        #expect(raw.configuration.connectTimeout == .seconds(3))
        #expect(raw.configuration.statusTimeout == .milliseconds(1500))
        #expect(raw.configuration.writeTimeout == Raw9100Transport.Configuration.test.writeTimeout)
    }

    @Test("a model that does not answer ~HS cannot be driven over port 9100")
    func modelWithoutHostStatus() {
        var model = PrinterModel.zebraZ230_300dpi
        model.answersHostStatus = false
        let error = #expect(throws: TransportError.self) {
            try registry.makeTransport(uri: "raw9100://10.0.0.50", model: model, logger: PrinterFixture.logger)
        }
        #expect(error?.code == .unsupported)
    }

    @Test("defaults")
    func defaults() {
        let configuration = Raw9100Transport.Configuration()
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.writeTimeout == .seconds(10))
        #expect(configuration.statusTimeout == .seconds(2))
        #expect(configuration.drainTimeout == .seconds(60))
        #expect(Raw9100TransportFactory().schemes == ["raw9100", "socket"])
    }
}
