import Core
import Foundation
import Hummingbird

/// An error answered as `{"error": {"code", "message", "details"}}`. Every error reaches clients in this shape.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let details: [String: JSONValue]
    /// Sent with the body, such as `Retry-After`.
    public let headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, _ code: String, _ message: String, details: [String: JSONValue] = [:],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            let code: String
            let message: String
            let details: [String: JSONValue]
        }
        let error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Body(error: .init(code: code, message: message, details: details)))
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badRequest(_ message: String, details: [String: JSONValue] = [:]) -> APIError {
        APIError(.badRequest, "malformed_request", message, details: details)
    }
    static func unprocessable(_ code: String, _ message: String, details: [String: JSONValue] = [:]) -> APIError {
        APIError(.unprocessableContent, code, message, details: details)
    }
    static func notFound(_ code: String, _ message: String) -> APIError { APIError(.notFound, code, message) }
    static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, "unauthorized", message) }
}
