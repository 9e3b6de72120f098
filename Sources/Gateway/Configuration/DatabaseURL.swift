import Foundation
import PostgresNIO

/// Turns `postgres://user:pass@host:port/db?sslmode=…` (or `?host=/socket/dir`) into PostgresNIO configurations.
struct DatabaseURL {
    enum TLSMode { case disable, prefer, require }

    var user: String
    var password: String?
    var database: String?
    var host: String
    var port: Int
    /// The folder of a Unix socket, when `?host=/path` is given.
    var socketDirectory: String?
    var tls: TLSMode

    init(_ string: String) throws(ConfigurationError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw ConfigurationError("DATABASE_URL must look like postgres://user:password@host:port/database") }
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        let name = String(components.path.drop { $0 == "/" })
        database = name.isEmpty ? nil : name
        host = components.host ?? "127.0.0.1"
        port = components.port ?? 5432
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw ConfigurationError("DATABASE_URL sslmode '\(other)' is not supported")
        }
    }

    static func clientConfiguration(_ string: String) throws(ConfigurationError) -> PostgresClient.Configuration {
        try DatabaseURL(string).clientConfiguration
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            let mode: PostgresClient.Configuration.TLS =
                switch tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: mode)
        }
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 20
        return configuration
    }

    /// For a single connection of its own (the health probe).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketDirectory {
            return .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        }
        let mode: PostgresConnection.Configuration.TLS =
            switch tls {
            case .disable: .disable
            case .prefer: .prefer(try .init(configuration: .makeClientConfiguration()))
            case .require: .require(try .init(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}
