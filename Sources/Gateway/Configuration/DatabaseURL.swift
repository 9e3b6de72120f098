import Foundation
import PostgresNIO

/// Turns `postgres://user:pass@host:port/db?sslmode=…` into a PostgresNIO client configuration.
enum DatabaseURL {
    static func clientConfiguration(_ string: String) throws(ConfigurationError) -> PostgresClient.Configuration {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw ConfigurationError("DATABASE_URL must look like postgres://user:password@host:port/database") }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        let database = String(components.path.drop { $0 == "/" })
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw ConfigurationError("DATABASE_URL sslmode '\(other)' is not supported")
        }
        var configuration: PostgresClient.Configuration
        if let socket = query["host"], socket.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: "\(socket)/.s.PGSQL.\(components.port ?? 5432)", username: user, password: password,
                database: database.isEmpty ? nil : database)
        } else {
            configuration = .init(
                host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: user,
                password: password, database: database.isEmpty ? nil : database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 20
        return configuration
    }
}
