import Crypto
import Foundation

/// HS256 JSON Web Tokens: the one shared secret of `GATEWAY_JWT_SECRET` signs and verifies.
/// Only `alg: HS256` is accepted (never `none`); `exp` and `nbf` are honoured when present.
public struct JWTSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    public struct Claims: Codable, Sendable, Equatable {
        public var sub: String?
        public var iat: Int?
        public var exp: Int?
        public var nbf: Int?
        public init(sub: String? = nil, iat: Int? = nil, exp: Int? = nil, nbf: Int? = nil) {
            self.sub = sub
            self.iat = iat
            self.exp = exp
            self.nbf = nbf
        }
    }

    /// Why a token was refused. The message is safe to show: it never contains the token or the secret.
    public struct Rejection: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public func sign(_ claims: Claims) -> String {
        let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Self.base64URL((try? JSONEncoder().encode(claims)) ?? Data("{}".utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: key)
        return "\(header).\(payload).\(Self.base64URL(Data(signature)))"
    }

    public func verify(_ token: String, now: Date = Date()) throws(Rejection) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.decodeBase64URL(parts[0]),
            let payloadData = Self.decodeBase64URL(parts[1]), let signature = Self.decodeBase64URL(parts[2])
        else { throw Rejection(reason: "the token is not a JWT") }
        struct Header: Decodable { var alg: String }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData) else {
            throw Rejection(reason: "the token's header is not valid JSON")
        }
        guard header.alg == "HS256" else { throw Rejection(reason: "the token must be signed with HS256") }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: key) else {
            throw Rejection(reason: "the token's signature is not valid")
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: payloadData) else {
            throw Rejection(reason: "the token's claims are not valid JSON")
        }
        let seconds = Int(now.timeIntervalSince1970)
        if let exp = claims.exp, seconds >= exp { throw Rejection(reason: "the token has expired") }
        if let nbf = claims.nbf, seconds < nbf { throw Rejection(reason: "the token is not valid yet") }
        return claims
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
