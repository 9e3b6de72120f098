import Foundation
import Gateway
import JWTKit
import Testing

/// Tokens through jwt-kit: HS256, `exp` required, 60 s of leeway on `exp` and `nbf`, a previous secret accepted
/// during a rotation.
@Suite("Tokens")
struct TokenTests {
    static let previous = "previous-secret-0123456789-0123456789"
    static let unknown = "unknown-secret-0123456789-0123456789"

    static func token(
        secret: String = testSecret, expiresAt: Date?, notBefore: Date? = nil, digest: DigestAlgorithm = .sha256
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: digest)
        return try await keys.sign(
            GatewayClaims(subject: "odoo", issuedAt: Date(), expiresAt: expiresAt, notBefore: notBefore))
    }

    static func rejection(_ token: String, tokens: GatewayTokens, now: Date = Date()) async -> String? {
        do {
            _ = try await tokens.verify(token, now: now)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("a token signed with the secret and within its times is accepted, with its subject")
    func accepted() async throws {
        let tokens = GatewayTokens(secret: testSecret)
        let claims = try await tokens.verify(try await Self.token(expiresAt: Date().addingTimeInterval(600)))
        #expect(claims.subject == "odoo")
    }

    @Test("a token accepted once is checked again at every use: its times, and a signature that is not the same")
    func acceptedAgain() async throws {
        let tokens = GatewayTokens(secret: testSecret)
        let now = Date()
        let token = try await Self.token(expiresAt: now.addingTimeInterval(600))
        #expect(await Self.rejection(token, tokens: tokens, now: now) == nil)
        #expect(await Self.rejection(token, tokens: tokens, now: now) == nil, "and again")
        #expect(
            await Self.rejection(token, tokens: tokens, now: now.addingTimeInterval(700)) == "the token has expired")
        // The same header and claims under another secret's signature.
        let foreign = try await Self.token(secret: Self.unknown, expiresAt: now.addingTimeInterval(600))
        let forged = (token.split(separator: ".").prefix(2) + foreign.split(separator: ".").suffix(1))
            .joined(separator: ".")
        #expect(forged != token)
        #expect(await Self.rejection(forged, tokens: tokens, now: now)?.contains("signature") == true)
        let other = GatewayTokens(secret: Self.unknown)
        #expect(await Self.rejection(token, tokens: other, now: now)?.contains("signature") == true)
        #expect(await Self.rejection(foreign, tokens: other, now: now) == nil)
    }

    @Test("exp is required; past exp is refused beyond 60 s of leeway, and nbf likewise")
    func times() async throws {
        let tokens = GatewayTokens(secret: testSecret)
        let now = Date()
        #expect(await Self.rejection(try await Self.token(expiresAt: nil), tokens: tokens)?.contains("no exp") == true)
        let justExpired = try await Self.token(expiresAt: now.addingTimeInterval(-30))
        #expect(await Self.rejection(justExpired, tokens: tokens, now: now) == nil, "within the leeway")
        let expired = try await Self.token(expiresAt: now.addingTimeInterval(-61))
        #expect(await Self.rejection(expired, tokens: tokens, now: now) == "the token has expired")
        let soon = try await Self.token(expiresAt: now.addingTimeInterval(600), notBefore: now.addingTimeInterval(30))
        #expect(await Self.rejection(soon, tokens: tokens, now: now) == nil, "nbf within the leeway")
        let later = try await Self.token(expiresAt: now.addingTimeInterval(600), notBefore: now.addingTimeInterval(120))
        #expect(await Self.rejection(later, tokens: tokens, now: now)?.contains("not valid yet") == true)
        #expect(await Self.rejection(later, tokens: tokens, now: now.addingTimeInterval(90)) == nil, "and later it is")
    }

    @Test("the previous secret is accepted only when configured; an unknown secret, HS512, alg none never")
    func secrets() async throws {
        let rotating = GatewayTokens(secret: testSecret, previousSecret: Self.previous)
        let plain = GatewayTokens(secret: testSecret)
        let old = try await Self.token(secret: Self.previous, expiresAt: Date().addingTimeInterval(600))
        #expect(await Self.rejection(old, tokens: rotating) == nil, "signed with the previous secret")
        #expect(await Self.rejection(old, tokens: plain)?.contains("signature") == true)
        let unknown = try await Self.token(secret: Self.unknown, expiresAt: Date().addingTimeInterval(600))
        #expect(await Self.rejection(unknown, tokens: rotating)?.contains("signature") == true)
        // HS512 with the gateway's own secret (64 bytes, as HS512 needs): refused, only HS256 signs.
        let long = String(repeating: "0123456789abcdef", count: 4)
        let hs512 = try await Self.token(secret: long, expiresAt: Date().addingTimeInterval(600), digest: .sha512)
        #expect(await Self.rejection(hs512, tokens: GatewayTokens(secret: long)) != nil, "only HS256")
        #expect(
            await Self.rejection(
                try await Self.token(secret: long, expiresAt: Date() + 600), tokens: GatewayTokens(secret: long)) == nil
        )
        let exp = Int(Date().timeIntervalSince1970) + 600
        let none =
            Self.base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + Self.base64URL(#"{"sub":"x","exp":\#(exp)}"#) + "."
        #expect(await Self.rejection(none, tokens: rotating) != nil, "alg none")
        #expect(await Self.rejection("not-a-jwt", tokens: rotating) == "the token is not a JWT")
    }

    @Test("over HTTP: no exp, expired beyond leeway and an unknown secret are 401; the previous secret is accepted")
    func overHTTP() async throws {
        try await withApp(templates: shippedTemplates, previousSecret: Self.previous) { client, _, _ in
            let now = Date()
            let cases: [(String, String, Bool)] = [
                ("no exp", try await Self.token(expiresAt: nil), false),
                ("expired 2 min ago", try await Self.token(expiresAt: now.addingTimeInterval(-120)), false),
                ("unknown secret", try await Self.token(secret: Self.unknown, expiresAt: now + 600), false),
                ("previous secret", try await Self.token(secret: Self.previous, expiresAt: now + 600), true),
                ("current secret", try await Self.token(expiresAt: now + 600), true),
            ]
            for (what, token, accepted) in cases {
                let answer = try await client.call(.get, "/v1/printers", token: token)
                #expect(answer.status == (accepted ? .ok : .unauthorized), "\(what): \(answer.body)")
                if !accepted {
                    #expect(errorCode(answer.body) == "unauthorized", "\(what): the 401 body keeps its shape")
                }
            }
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
