import Configuration

extension GatewayConfiguration.Key {
    public static let tlsCertificateFile = "gateway.tls.cert.file"
    public static let tlsKeyFile = "gateway.tls.key.file"
}

extension GatewayConfiguration {
    /// `GATEWAY_TLS_CERT_FILE` and `GATEWAY_TLS_KEY_FILE`: both set, the API listens with TLS; neither, plain
    /// HTTP; one alone is an error. The files themselves are read when the listener is built.
    static func tlsFiles(config: ConfigReader) throws(ConfigurationError) -> TLSFiles? {
        let certificate = config.text(Key.tlsCertificateFile) ?? ""
        let key = config.text(Key.tlsKeyFile) ?? ""
        switch (certificate.isEmpty, key.isEmpty) {
        case (true, true): return nil
        case (false, false): return TLSFiles(certificateFile: certificate, keyFile: key)
        case (true, false), (false, true):
            throw ConfigurationError(
                "\(ConfigReader.variable(Key.tlsCertificateFile)) and \(ConfigReader.variable(Key.tlsKeyFile)) go "
                    + "together: set both for HTTPS, or neither for plain HTTP")
        }
    }

    /// The TLS settings as ``description`` shows them.
    var tlsSettings: [(key: String, value: String)] {
        [(Key.tlsCertificateFile, tls?.certificateFile ?? ""), (Key.tlsKeyFile, tls?.keyFile ?? "")]
    }
}
