import Foundation
import JWTKit
import Synchronization

/// The gateway's tokens, through jwt-kit: HS256 with the secret of `GATEWAY_JWT_SECRET`, and, during a rotation,
/// also the one of `GATEWAY_JWT_SECRET_PREVIOUS` (accepted, never used to sign). Every token must carry `exp`;
/// `exp` and `nbf` are checked with ``leeway`` for clocks that disagree a little.
public struct GatewayTokens: Sendable {
    /// How far the caller's clock may be off from ours.
    public static let leeway: TimeInterval = 60

    /// jwt-kit's keys: an actor, filled once, asynchronously, by the first call that needs them.
    private let keys: Task<JWTKeyCollection, Never>
    /// Tokens whose signature was found good, with their claims. A client sends the same token with every
    /// request, and checking its signature costs more than the rest of a job read; the times are checked at every
    /// use. The secrets do not change while the process runs, so a signature once good stays good.
    private let verified = VerifiedTokens()

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
            if let known = verified[token] {
                claims = known
            } else {
                claims = try await keys.value.verify(token, as: GatewayClaims.self, iteratingKeys: true)
                verified[token] = claims
            }
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

/// The tokens ``GatewayTokens`` found signed with one of its secrets, at most ``capacity`` (then it starts again).
private final class VerifiedTokens: Sendable {
    static let capacity = 1024
    private let claims = Mutex<[String: GatewayClaims]>([:])

    subscript(token: String) -> GatewayClaims? {
        get { claims.withLock { $0[token] } }
        set {
            claims.withLock { claims in
                if claims.count >= Self.capacity { claims.removeAll(keepingCapacity: true) }
                claims[token] = newValue
            }
        }
    }
}
