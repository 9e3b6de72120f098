import Foundation
import JWTKit

/// The claims of a gateway token: who calls (`sub`), what it may do (`scope`, see ``Scope``), when it was issued
/// (`iat`), until when it is valid (`exp`, required) and from when (`nbf`, optional). ``GatewayTokens/verify(_:now:)`` checks the times, with leeway.
public struct GatewayClaims: JWTPayload {
    public var sub: SubjectClaim?
    public var iat: IssuedAtClaim?
    public var exp: ExpirationClaim?
    public var nbf: NotBeforeClaim?
    /// Space-separated scope names; absent in tokens made before scopes existed.
    public var scope: String?

    public init(
        subject: String?, scope: Scope? = nil, issuedAt: Date? = Date(), expiresAt: Date?, notBefore: Date? = nil
    ) {
        sub = subject.map(SubjectClaim.init(value:))
        self.scope = scope?.rawValue
        iat = issuedAt.map(IssuedAtClaim.init(value:))
        exp = expiresAt.map(ExpirationClaim.init(value:))
        nbf = notBefore.map(NotBeforeClaim.init(value:))
    }

    public var subject: String? { sub?.value }

    /// What the token may do: nil when its `scope` claim names no scope the gateway knows.
    public var grantedScope: Scope? {
        guard let scope else { return Scope.unscoped }
        return Scope.granted(by: scope)
    }

    /// Nothing to check with the key: the signature is jwt-kit's, the times ``GatewayTokens``'s.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
