import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// Tokens carry a scope; each route needs one (README, "Scopes"), and a wider scope includes the narrower.
@Suite("Scopes")
struct ScopeTests {
    /// Every `/v1` operation of the OpenAPI document with the scope its security requirement names, and a path to
    /// call it on.
    static func routes() throws -> [(method: HTTPRequest.Method, path: String, scope: Scope)] {
        let data = try Data(contentsOf: openAPIFile)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var routes: [(method: HTTPRequest.Method, path: String, scope: Scope)] = []
        for (path, operations) in paths.sorted(by: { $0.key < $1.key }) where path.hasPrefix("/v1") {
            for (method, operation) in operations where method != "parameters" {
                let security = (operation as? [String: Any])?["security"] as? [[String: [String]]]
                let name = try #require(security?.first?["bearerAuth"]?.first, "\(method) \(path) names no scope")
                let scope = try #require(Scope(rawValue: name), "\(method) \(path): unknown scope \(name)")
                let concrete = path.replacing("{id}", with: UUID().uuidString)
                    .replacing("{name}", with: path.contains("templates") ? "product-gs1" : "line1")
                    .replacing("{lot}", with: "L1")
                routes.append((HTTPRequest.Method(method.uppercased())!, concrete, scope))
            }
        }
        return routes
    }

    @Test("each route answers 403 insufficient_scope to a token below its scope, and not to one at or above it")
    func routesNeedTheirScope() async throws {
        try await withApp { client, _ in
            let routes = try Self.routes()
            for scope in Scope.allCases {
                let token = try await testToken(subject: "scope-\(scope)", scope: scope)
                // The event stream answers for as long as the gateway runs: only its refusals are asked here.
                for route in routes where scope < route.scope || !route.path.hasSuffix("/stream") {
                    let answer = try await client.call(route.method, route.path, token: token, json: [String: Any]())
                    let error = answer.body["error"] as? [String: Any]
                    if scope < route.scope {
                        #expect(answer.status == .forbidden, "\(route.method) \(route.path) with \(scope)")
                        #expect(error?["code"] as? String == "insufficient_scope")
                        let details = error?["details"] as? [String: Any]
                        #expect(details?["required_scope"] as? String == route.scope.rawValue)
                    } else {
                        #expect(
                            answer.status != .forbidden, "\(route.method) \(route.path) with \(scope): \(answer.body)")
                    }
                }
            }
        }
    }

    @Test("a print token cannot add a printer; an admin token can; a token without a scope claim may print only")
    func printToken() async throws {
        try await withApp { client, _ in
            let printer: [String: Any] = ["name": "scoped", "uri": "sim://scoped"]
            let print = try await testToken(scope: .print)
            let refused = try await client.call(.post, "/v1/printers", token: print, json: printer)
            #expect(refused.status == .forbidden)
            let message = (refused.body["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("'admin' scope"), "\(message)")
            let unscoped = try await testToken(scope: nil)
            #expect(try await client.call(.post, "/v1/printers", token: unscoped, json: printer).status == .forbidden)
            let admin = try await testToken(scope: .admin)
            #expect(try await client.call(.post, "/v1/printers", token: admin, json: printer).status == .created)
            let id = try await client.submit(printer: "scoped", zpl: ["^XA^FDx^FS^XZ"], token: unscoped)
            #expect(try await client.call(.get, "/v1/jobs/\(id)", token: print).status == .ok)
        }
    }

    @Test("a scope claim naming no scope the gateway knows grants nothing; a list grants its widest")
    func claims() async throws {
        #expect(Scope.granted(by: "superuser") == nil)
        #expect(Scope.granted(by: "") == nil)
        #expect(Scope.granted(by: "print admin") == .admin)
        #expect(Scope.granted(by: "operate print") == .operate)
        #expect(GatewayClaims(subject: "x", expiresAt: nil).grantedScope == .print)
        var claims = GatewayClaims(subject: "x", expiresAt: Date().addingTimeInterval(600))
        claims.scope = "superuser"
        let token = try await GatewayTokens(secret: testSecret).sign(claims)
        try await withApp { client, _ in
            let answer = try await client.call(.get, "/v1/jobs", token: token)
            #expect(answer.status == .forbidden)
            let message = (answer.body["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("no scope the gateway knows"), "\(message)")
        }
    }

    @Test("the document names a scope for every /v1 operation, and the wider ones where the README says")
    func documented() throws {
        let routes = try Self.routes()
        #expect(routes.count >= 20)
        let admin = routes.filter { $0.scope == .admin }.map { "\($0.method) \($0.path)" }
        #expect(admin.contains("POST /v1/printers"))
        #expect(admin.contains("GET /v1/printers/discover"))
        #expect(!routes.contains { $0.method == .post && $0.path == "/v1/jobs" && $0.scope != .print })
    }
}
