import AsyncHTTPClient
import Foundation
import GatewayTestSupport
import NIOCore
import ProcessSupport

/// Headless Chromium driven through chromedriver's W3C WebDriver API: what a person's browser does with a page.
/// Spoken to with AsyncHTTPClient: Foundation's client on Linux refuses chromedriver's header lines, which have no
/// space after the colon (RFC 9110 makes it optional).
final class WebDriver: Sendable {
    let driver: ChildProcess
    let base: URL
    let session: String

    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Starts chromedriver on a free loopback port and opens a headless Chromium session of `width`×`height`.
    static func start(width: Int = 1400, height: Int = 1000) async throws -> WebDriver {
        guard
            let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw TestSetupError("no chromedriver: install chromium and chromium-driver (scripts/test does)")
        }
        let port = try freeLoopbackPort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("chromedriver-\(port).log").path
        let driver = ChildProcess(
            URL(fileURLWithPath: path), ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-path=\(log)"])
        driver.process.standardInput = FileHandle.nullDevice
        driver.process.standardOutput = FileHandle.nullDevice
        driver.process.standardError = FileHandle.nullDevice
        try driver.start()
        let base = URL(string: "http://127.0.0.1:\(port)")!
        let ready = try? await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            let status = try? await Self.send("GET", base.appendingPathComponent("status"), nil)
            return (status?["value"] as? [String: Any])?["ready"] as? Bool ?? false
        } until: {
            $0
        }
        guard ready == true else {
            driver.stop()
            let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw TestSetupError("chromedriver did not start on port \(port): \(said.suffix(1000))")
        }
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--window-size=\(width),\(height)", "--no-first-run", "--disable-extensions",
        ]
        let answer = try await send(
            "POST", base.appendingPathComponent("session"),
            ["capabilities": ["alwaysMatch": ["goog:chromeOptions": ["args": arguments]]]])
        guard let session = (answer["value"] as? [String: Any])?["sessionId"] as? String else {
            driver.stop()
            throw TestSetupError("chromedriver opened no session: \(answer)")
        }
        return WebDriver(driver: driver, base: base, session: session)
    }

    private init(driver: ChildProcess, base: URL, session: String) {
        (self.driver, self.base, self.session) = (driver, base, session)
    }

    func quit() async {
        _ = try? await Self.send("DELETE", base.appendingPathComponent("session/\(session)"), nil)
        driver.stop()
    }

    /// Loads `url` and waits for it, as typing it into the address bar does.
    func open(_ url: URL) async throws { _ = try await command("POST", "url", ["url": url.absoluteString]) }

    func currentURL() async throws -> String { try await command("GET", "url") as? String ?? "" }

    /// Waits (10 s at most) for the address to satisfy `condition`, as after a form is sent.
    func waitForURL(_ condition: @escaping (String) -> Bool) async throws {
        let url = try await eventually(timeout: .seconds(10)) {
            try await currentURL()
        } until: {
            condition($0)
        }
        guard condition(url) else { throw TestSetupError("the browser stayed at \(url)") }
    }

    func title() async throws -> String { try await command("GET", "title") as? String ?? "" }

    /// The elements `css` selects, in document order.
    func elements(_ css: String, in parent: String? = nil) async throws -> [String] {
        let path = parent.map { "element/\($0)/elements" } ?? "elements"
        let found = try await command("POST", path, ["using": "css selector", "value": css]) as? [[String: Any]]
        return (found ?? []).compactMap { $0[Self.elementKey] as? String }
    }

    /// The one element `css` selects first; fails when there is none.
    func element(_ css: String) async throws -> String {
        guard let first = try await elements(css).first else {
            throw TestSetupError("no element matches \(css) on \(try await currentURL())")
        }
        return first
    }

    /// The text a person sees in an element.
    func text(_ element: String) async throws -> String {
        try await command("GET", "element/\(element)/text") as? String ?? ""
    }

    /// The visible text of the first element `css` selects.
    func text(of css: String) async throws -> String { try await text(try await element(css)) }

    func attribute(_ element: String, _ name: String) async throws -> String? {
        try await command("GET", "element/\(element)/attribute/\(name)") as? String
    }

    func click(_ element: String) async throws { _ = try await command("POST", "element/\(element)/click", [:]) }

    func type(_ element: String, _ text: String) async throws {
        _ = try await command("POST", "element/\(element)/clear", [:])
        _ = try await command("POST", "element/\(element)/value", ["text": text])
    }

    /// The page as a PNG, written to `path`.
    func screenshot(to path: String) async throws {
        guard let encoded = try await command("GET", "screenshot") as? String, let data = Data(base64Encoded: encoded)
        else { throw TestSetupError("chromedriver returned no screenshot") }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let answer = try await Self.send(method, base.appendingPathComponent("session/\(session)/\(path)"), body)
        if let error = answer["value"] as? [String: Any], let kind = error["error"] as? String {
            throw TestSetupError("WebDriver \(method) \(path): \(kind): \(error["message"] ?? "")")
        }
        return answer["value"]
    }

    private static func send(_ method: String, _ url: URL, _ body: [String: Any]?) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 64 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: data))) as? [String: Any] ?? [:]
    }
}
