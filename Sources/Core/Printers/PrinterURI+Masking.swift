extension PrinterURI {
    /// What stands for a password in every answer, event and log line.
    public static let maskedPassword = "***"

    /// `uri` with the password of its userinfo replaced by ``maskedPassword``: `cups://alice:***@host/q`. The user
    /// name stays (it says which account the gateway uses); a URI without a password comes back unchanged. Works on
    /// any text, parsed or not, so that error messages quoting a bad URI mask it too.
    public static func masked(_ uri: String) -> String {
        guard let schemeEnd = uri.range(of: "://") else { return uri }
        let authority = uri[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@"),
            let colon = authority[..<at].firstIndex(of: ":")
        else { return uri }
        return String(uri[..<authority.index(after: colon)]) + maskedPassword + String(uri[at...])
    }
}
