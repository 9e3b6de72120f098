import Core
import Foundation
import GatewayTestSupport
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Store
import Testing
import TransportSimulated

/// The OpenAPI document as checked in.
let openAPIFile = URL(fileURLWithPath: shippedTemplates).deletingLastPathComponent()
    .appendingPathComponent("Sources/Gateway/OpenAPI/openapi.json")

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("GET /openapi.json serves the repository's file, without a token, as an OpenAPI 3.1 JSON document")
    func served() async throws {
        try await withApp { client, _ in
            let (status, contentType, body) = try await client.execute(uri: "/openapi.json", method: .get) {
                ($0.status, $0.headers[.contentType], Data($0.body.readableBytesView))
            }
            #expect(status == .ok)
            #expect(contentType?.hasPrefix("application/json") == true)
            #expect(body == (try Data(contentsOf: openAPIFile)))
            let document = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
        }
    }

    @Test("every route of the router is documented, and every documented route is routed")
    func routes() throws {
        #expect(Set(try Self.routerRoutes()) == Set(try Self.documentedRoutes()))
    }

    @Test(
        "every /v1 operation needs the bearer token with one scope and documents 401 and 403; every error answer uses the error schema"
    )
    func security() throws {
        let document = try Self.document()
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
        let bearer = schemes?["bearerAuth"] as? [String: String]
        #expect(bearer?["type"] == "http" && bearer?["scheme"] == "bearer" && bearer?["bearerFormat"] == "JWT")
        for (route, operation) in try Self.operations() {
            let security = operation["security"] as? [[String: [String]]]
            let responses = try #require(operation["responses"] as? [String: [String: Any]], "\(route)")
            if route.contains(" /v1/") {
                let scopes = security?.first?["bearerAuth"] ?? []
                #expect(security?.count == 1 && scopes.count == 1, "\(route): one scope")
                #expect(scopes.allSatisfy { Scope(rawValue: $0) != nil }, "\(route): \(scopes)")
                #expect(responses["401"] != nil, "\(route)")
                #expect(responses["403"] != nil, "\(route)")
                if operation["requestBody"] != nil { #expect(responses["415"] != nil, "\(route)") }
            } else {
                #expect(security == [], "\(route)")
            }
            for (status, response) in responses where status.hasPrefix("4") || status == "500" {
                let content = response["content"] as? [String: [String: [String: String]]]
                #expect(
                    content?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/Error",
                    "\(route) \(status)")
            }
        }
    }

    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPIFile)) as? [String: Any])
    }

    /// `METHOD /path` for every operation of the document, paths written as the router writes them (`/v1/jobs/{id}`).
    static func operations() throws -> [(String, [String: Any])] {
        let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        let paths = try #require(try document()["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, item in
            item.compactMap { key, value -> (String, [String: Any])? in
                guard methods.contains(key), let operation = value as? [String: Any] else { return nil }
                return ("\(key.uppercased()) \(path)", operation)
            }
        }
    }

    static func documentedRoutes() throws -> [String] { try operations().map(\.0) }

    /// The routes of the application's router. Building it touches no database.
    static func routerRoutes() throws -> [String] {
        let logger = TestDatabase.logger
        let client = PostgresClient(
            configuration: .init(
                host: "127.0.0.1", port: 1, username: "nobody", password: nil, database: nil, tls: .disable),
            backgroundLogger: logger)
        let printers = PrinterRepository(client: client, logger: logger)
        let router = try buildRouter(
            configuration: GatewayConfiguration(
                databaseURL: "postgres://nobody@127.0.0.1:1/none", jwtSecret: testSecret),
            client: client, migrator: Migrator(client: client, logger: logger),
            jobs: JobRepository(client: client, logger: logger), printers: printers, templates: TemplateLibrary(),
            transports: TransportRegistry([SimulatedTransportFactory(clock: VirtualClock())]), activePrinters: { 0 },
            feed: EventFeed(client: client, logger: logger), logger: logger)
        let routes = router.routes.map { "\($0.method) \($0.path)" }
        #expect(routes.count == Set(routes).count)
        #expect(routes.count >= 23)
        return routes
    }
}
