import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The gateway's HTTP API as the operator's commands call it: `base` (`GATEWAY_URL`), a bearer token, JSON in and
/// out. An answer other than 2xx is thrown as an ``OperatorError`` with the API's message.
struct GatewayAPI: Sendable {
    let base: String
    let token: String
    var client: HTTPClient = Self.sharedClient
    /// How long a request may take to get its answer's head.
    var timeout: TimeAmount = .seconds(30)

    /// One client for the process, never shut down (as `HTTPClient.shared`), that reports a gateway it cannot
    /// connect to at once instead of retrying until the request's deadline. 90 s without a byte ends a stream:
    /// the event stream sends a heartbeat every 15 s.
    static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(90)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The body of a 2xx answer to `method path?query`, sending `json` when given.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: Data? = nil
    ) async throws(OperatorError) -> Data {
        let response = try await start(method, path, query: query, json: json)
        let body: Data
        do {
            body = Data(try await response.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)
        } catch {
            throw OperatorError(
                .unreachable, "the gateway at \(base) broke off its answer: \(error)", underlying: error)
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw Self.refusal(status: Int(response.status.code), body: body)
        }
        return body
    }

    /// `GET path` decoded as `T`; the JSON as it came with it, for `--json`.
    func get<T: Decodable>(_ type: T.Type, _ path: String, query: [(String, String)] = []) async throws(OperatorError)
        -> (value: T, json: Data)
    {
        let json = try await send(.GET, path, query: query)
        return (try Self.decode(type, json, from: path), json)
    }

    /// `method path` with `body` encoded as JSON, the answer decoded as `T`; the answer's JSON too, for `--json`.
    func call<T: Decodable>(
        _ type: T.Type, _ method: HTTPMethod, _ path: String, body: [String: Any] = [:]
    ) async throws(OperatorError) -> (value: T, json: Data) {
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: body) } catch {
            throw OperatorError(.setup, "the request to \(path) cannot be written as JSON: \(error)")
        }
        let json = try await send(method, path, json: data)
        return (try Self.decode(type, json, from: path), json)
    }

    /// The answer to `GET path`, its body left to stream (server-sent events); throws unless 2xx.
    func stream(_ path: String, query: [(String, String)] = [], headers: [(String, String)] = [])
        async throws(OperatorError) -> HTTPClientResponse
    {
        let response = try await start(.GET, path, query: query, headers: headers + [("Accept", "text/event-stream")])
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = (try? await response.body.collect(upTo: 1024 * 1024)).map { Data($0.readableBytesView) }
            throw Self.refusal(status: Int(response.status.code), body: body ?? Data())
        }
        return response
    }

    private func start(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], json: Data? = nil,
        headers: [(String, String)] = []
    ) async throws(OperatorError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "User-Agent", value: "gateway-cli")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        do {
            return try await client.execute(request, timeout: timeout)
        } catch {
            throw OperatorError(
                .unreachable, "cannot reach the gateway at \(base): \(Self.reason(error))", underlying: error)
        }
    }

    /// Why a connection failed, in the system's words when it is a system error (`Connection refused`).
    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }

    /// `base` + `path` + the query, each value percent-encoded.
    func url(_ path: String, query: [(String, String)] = []) -> String {
        var url = base.hasSuffix("/") ? String(base.dropLast()) : base
        url += path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.escaped($0.1))" }.joined(separator: "&")
        }
        return url
    }

    /// `text` as one path segment or query value: everything but unreserved characters percent-encoded.
    static func escaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: Data, from path: String) throws(OperatorError) -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(type, from: json) } catch {
            throw OperatorError(.unreachable, "the answer to \(path) is not what the API sends: \(error)")
        }
    }

    /// The API's `{"error": {"code", "message", "details"}}` as an error whose message is the API's.
    static func refusal(status: Int, body: Data) -> OperatorError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard let error = object?["error"] as? [String: Any], let message = error["message"] as? String else {
            let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return OperatorError(
                .refused, "the gateway answered HTTP \(status)\(text.isEmpty ? "" : ": \(text)")", status: status)
        }
        let details = (error["details"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { key, value in
            "\(key): \(compactJSON(value))"
        }
        return OperatorError(.refused, message, details: details, status: status)
    }

    static func compactJSON(_ value: Any) -> String {
        if let text = value as? String { return text }
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(
                withJSONObject: [value], options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "\(value)" }
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
