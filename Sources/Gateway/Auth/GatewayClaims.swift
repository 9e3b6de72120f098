import Foundation
import JWTKit

/// The claims of a gateway token: who calls (`sub`), when it was issued (`iat`), until when it is valid (`exp`,
/// required) and from when (`nbf`, optional). ``GatewayTokens/verify(_:now:)`` checks the times, with leeway.
public struct GatewayClaims: JWTPayload {
    public var sub: SubjectClaim?
    public var iat: IssuedAtClaim?
    public var exp: ExpirationClaim?
    public var nbf: NotBeforeClaim?

    public init(subject: String?, issuedAt: Date? = Date(), expiresAt: Date?, notBefore: Date? = nil) {
        sub = subject.map(SubjectClaim.init(value:))
        iat = issuedAt.map(IssuedAtClaim.init(value:))
        exp = expiresAt.map(ExpirationClaim.init(value:))
        nbf = notBefore.map(NotBeforeClaim.init(value:))
    }

    public var subject: String? { sub?.value }

    /// Nothing to check with the key: the signature is jwt-kit's, the times ``GatewayTokens``'s.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
