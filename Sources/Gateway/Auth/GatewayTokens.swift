import Foundation
import JWTKit

/// The gateway's tokens, through jwt-kit: HS256 with the secret of `GATEWAY_JWT_SECRET`, and, during a rotation,
/// also the one of `GATEWAY_JWT_SECRET_PREVIOUS` (accepted, never used to sign). Every token must carry `exp`;
/// `exp` and `nbf` are checked with ``leeway`` for clocks that disagree a little.
public struct GatewayTokens: Sendable {
    /// How far the caller's clock may be off from ours.
    public static let leeway: TimeInterval = 60

    /// jwt-kit's keys: an actor, filled once, asynchronously, by the first call that needs them.
    private let keys: Task<JWTKeyCollection, Never>

    public init(secret: String, previousSecret: String? = nil) {
        keys = Task {
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
            if let previousSecret, !previousSecret.isEmpty {
                await keys.add(hmac: HMACKey(from: previousSecret), digestAlgorithm: .sha256, kid: "previous")
            }
            return keys
        }
    }

    /// Why a token was refused. The message is safe to show: it never contains the token or a secret.
    public struct Rejection: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// A token with `claims`, signed with the current secret.
    public func sign(_ claims: GatewayClaims) async throws -> String {
        try await keys.value.sign(claims)
    }

    /// The claims of `token` when it is signed with the current or the previous secret (HS256) and valid at `now`.
    public func verify(_ token: String, now: Date = Date()) async throws(Rejection) -> GatewayClaims {
        let claims: GatewayClaims
        do {
            claims = try await keys.value.verify(token, as: GatewayClaims.self, iteratingKeys: true)
        } catch let error as JWTError {
            switch error.errorType {
            case .malformedToken: throw Rejection(reason: "the token is not a JWT")
            case .signatureVerificationFailed:
                throw Rejection(reason: "the token's signature is not valid (HS256 with the gateway's secret)")
            default: throw Rejection(reason: "the token is not valid")
            }
        } catch {
            throw Rejection(reason: "the token's claims are not valid")
        }
        guard let exp = claims.exp else {
            throw Rejection(reason: "the token has no exp (expiry); every token needs one")
        }
        do {
            try exp.verifyNotExpired(currentDate: now.addingTimeInterval(-Self.leeway))
        } catch {
            throw Rejection(reason: "the token has expired")
        }
        if let nbf = claims.nbf {
            do {
                try nbf.verifyNotBefore(currentDate: now.addingTimeInterval(Self.leeway))
            } catch {
                throw Rejection(reason: "the token is not valid yet (nbf)")
            }
        }
        return claims
    }
}
