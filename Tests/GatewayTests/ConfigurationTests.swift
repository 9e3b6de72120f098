import Configuration
import Core
import Foundation
import Gateway
import Logging
import Synchronization
import Testing

/// Every setting of the gateway read through a `ConfigReader`: its default, a good value, and a bad one, which is
/// refused with a message naming its environment variable.
@Suite("Configuration: each variable")
struct ConfigurationVariableTests {
    /// The configuration read from `values` alone (an in-memory provider), keys as the reader spells them.
    static func read(_ values: [String: String]) throws(ConfigurationError) -> GatewayConfiguration {
        let values = Dictionary(
            uniqueKeysWithValues: values.map { key, value in
                (AbsoluteConfigKey(ConfigKey(key)), ConfigValue(.string(value), isSecret: false))
            })
        return try GatewayConfiguration(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    /// The message reading `values` is refused with; nil when they are accepted.
    static func refusal(_ values: [String: String]) -> String? {
        do {
            _ = try read(values)
            return nil
        } catch {
            return error.message
        }
    }

    static let defaults = try! read([:])

    @Test("DATABASE_URL")
    func databaseURL() throws {
        #expect(Self.defaults.databaseURL == "postgres://gateway@127.0.0.1:5432/gateway")
        let url = "postgres://app:pw@db.example:6543/labels?sslmode=require"
        #expect(try Self.read(["database.url": url]).databaseURL == url)
        #expect(try Self.read(["database.url": ""]).databaseURL == Self.defaults.databaseURL)
        #expect(
            Self.refusal(["database.url": "mysql://app@db/labels"])
                == "DATABASE_URL must look like postgres://user:password@host:port/database")
        #expect(
            Self.refusal(["database.url": "postgres://app:pw@db/labels?sslmode=sometimes"])
                == "DATABASE_URL sslmode 'sometimes' is not supported")
    }

    @Test("GATEWAY_JWT_SECRET: read as given; serving needs 32 characters or more")
    func jwtSecret() throws {
        #expect(Self.defaults.jwtSecret.isEmpty)
        #expect(throws: ConfigurationError.self) { try Self.defaults.requireJWTSecret() }
        let good = String(repeating: "s", count: 32)
        let configuration = try Self.read(["gateway.jwt.secret": good])
        #expect(configuration.jwtSecret == good)
        #expect(throws: Never.self) { try configuration.requireJWTSecret() }
        let short = try Self.read(["gateway.jwt.secret": String(repeating: "s", count: 31)])
        let error = #expect(throws: ConfigurationError.self) { try short.requireJWTSecret() }
        #expect(error?.message.hasPrefix("GATEWAY_JWT_SECRET must be set to at least 32 characters") == true)
    }

    @Test("GATEWAY_JWT_SECRET_PREVIOUS: empty by default; when set, 32 characters or more")
    func jwtPreviousSecret() throws {
        let good = String(repeating: "s", count: 32)
        #expect(try Self.read(["gateway.jwt.secret": good]).jwtPreviousSecret.isEmpty)
        let rotating = try Self.read(["gateway.jwt.secret": good, "gateway.jwt.secret.previous": good + "x"])
        #expect(rotating.jwtPreviousSecret == good + "x")
        #expect(throws: Never.self) { try rotating.requireJWTSecret() }
        let short = try Self.read(["gateway.jwt.secret": good, "gateway.jwt.secret.previous": "old"])
        let error = #expect(throws: ConfigurationError.self) { try short.requireJWTSecret() }
        #expect(error?.message == "GATEWAY_JWT_SECRET_PREVIOUS, when set, must be at least 32 characters")
    }

    @Test("GATEWAY_HTTP_ADDRESS")
    func httpAddress() throws {
        #expect(Self.defaults.httpHost == "127.0.0.1" && Self.defaults.httpPort == 8080)
        let configuration = try Self.read(["gateway.http.address": "0.0.0.0:9000"])
        #expect(configuration.httpHost == "0.0.0.0" && configuration.httpPort == 9000)
        for bad in ["localhost", "localhost:", "localhost:http", "localhost:65536", ":8080"] {
            #expect(
                Self.refusal(["gateway.http.address": bad]) == "GATEWAY_HTTP_ADDRESS '\(bad)' is not host:port")
        }
    }

    @Test("GATEWAY_TEMPLATES_DIR (any path is good)")
    func templatesDirectory() throws {
        #expect(Self.defaults.templatesDirectory == "templates")
        #expect(try Self.read(["gateway.templates.dir": "/srv/labels"]).templatesDirectory == "/srv/labels")
        #expect(try Self.read(["gateway.templates.dir": ""]).templatesDirectory == "templates")
    }

    @Test("GATEWAY_SITE (empty: every site)")
    func site() throws {
        #expect(Self.defaults.site.isEmpty && Self.defaults.engine.site == nil)
        let configuration = try Self.read(["gateway.site": "plant-a"])
        #expect(configuration.site == "plant-a" && configuration.engine.site == "plant-a")
    }

    @Test("LOG_LEVEL")
    func logLevel() throws {
        #expect(Self.defaults.logLevel == .info)
        #expect(try Self.read(["log.level": "DEBUG"]).logLevel == .debug)
        #expect(
            Self.refusal(["log.level": "loud"])
                == "LOG_LEVEL 'loud' is not one of trace, debug, info, notice, warning, error, critical")
    }

    @Test("GATEWAY_WINDOW")
    func window() throws {
        #expect(Self.defaults.engine.window == 16)
        #expect(try Self.read(["gateway.window": "8"]).engine.window == 8)
        for bad in ["0", "101", "four", "2.5"] {
            #expect(
                Self.refusal(["gateway.window": bad]) == "GATEWAY_WINDOW '\(bad)' must be a whole number in 1…100")
        }
    }

    @Test("GATEWAY_WINDOW_MS")
    func windowMilliseconds() throws {
        #expect(Self.defaults.engine.windowDuration == .seconds(1))
        #expect(try Self.read(["gateway.window.ms": "2500"]).engine.windowDuration == .milliseconds(2500))
        for bad in ["5", "60001", "long"] {
            #expect(
                Self.refusal(["gateway.window.ms": bad])
                    == "GATEWAY_WINDOW_MS '\(bad)' must be a number in 10.0…60000.0")
        }
    }

    @Test("GATEWAY_IDLE_HOLD_MS")
    func idleHoldMilliseconds() throws {
        #expect(Self.defaults.engine.idleHold == .seconds(2))
        #expect(try Self.read(["gateway.idle.hold.ms": "0"]).engine.idleHold == .zero)
        #expect(try Self.read(["gateway.idle.hold.ms": "500"]).engine.idleHold == .milliseconds(500))
        for bad in ["-1", "60001", "soon"] {
            #expect(
                Self.refusal(["gateway.idle.hold.ms": bad])
                    == "GATEWAY_IDLE_HOLD_MS '\(bad)' must be a number in 0.0…60000.0")
        }
    }

    @Test("GATEWAY_LEASE_SECONDS")
    func leaseSeconds() throws {
        #expect(Self.defaults.engine.leaseDuration == .seconds(15))
        #expect(try Self.read(["gateway.lease.seconds": "2.5"]).engine.leaseDuration == .milliseconds(2500))
        for bad in ["0.5", "3601", "soon"] {
            #expect(
                Self.refusal(["gateway.lease.seconds": bad])
                    == "GATEWAY_LEASE_SECONDS '\(bad)' must be a number in 1.0…3600.0")
        }
    }

    @Test("GATEWAY_POLL_MS")
    func pollMilliseconds() throws {
        #expect(Self.defaults.engine.pollInterval == .milliseconds(100))
        #expect(try Self.read(["gateway.poll.ms": "250"]).engine.pollInterval == .milliseconds(250))
        #expect(
            Self.refusal(["gateway.poll.ms": "5"]) == "GATEWAY_POLL_MS '5' must be a number in 10.0…60000.0")
    }

    @Test("GATEWAY_WAIT_SECONDS")
    func waitSeconds() throws {
        #expect(Self.defaults.engine.waitInterval == .seconds(5))
        #expect(try Self.read(["gateway.wait.seconds": "0.2"]).engine.waitInterval == .milliseconds(200))
        #expect(
            Self.refusal(["gateway.wait.seconds": "0"])
                == "GATEWAY_WAIT_SECONDS '0' must be a number in 0.05…3600.0")
    }

    @Test("GATEWAY_CLAIM_SECONDS")
    func claimSeconds() throws {
        #expect(Self.defaults.engine.claimInterval == .seconds(2))
        #expect(try Self.read(["gateway.claim.seconds": "0.5"]).engine.claimInterval == .milliseconds(500))
        #expect(
            Self.refusal(["gateway.claim.seconds": "-1"])
                == "GATEWAY_CLAIM_SECONDS '-1' must be a number in 0.05…3600.0")
    }

    @Test("GATEWAY_OWNER (any name is good; the default is host-pid-random)")
    func owner() throws {
        let pid = "-\(ProcessInfo.processInfo.processIdentifier)-"
        #expect(Self.defaults.engine.owner.contains(pid))
        #expect(try Self.read([:]).engine.owner != Self.defaults.engine.owner, "a new random part per process start")
        #expect(try Self.read(["gateway.owner": "gw-dock"]).engine.owner == "gw-dock")
    }

    @Test("GATEWAY_LOT_PREFIX (set empty: lots without a prefix)")
    func lotPrefix() throws {
        #expect(Self.defaults.lotFormat.prefix == "L")
        #expect(try Self.read(["gateway.lot.prefix": "AB12"]).lotFormat.prefix == "AB12")
        #expect(try Self.read(["gateway.lot.prefix": ""]).lotFormat.prefix == "")
        for bad in ["LONGPREFIX", "A-B", "É"] {
            #expect(
                Self.refusal(["gateway.lot.prefix": bad])
                    == "GATEWAY_LOT_PREFIX '\(bad)' must be up to 8 letters or digits")
        }
    }

    @Test("GATEWAY_LOT_DIGITS")
    func lotDigits() throws {
        #expect(Self.defaults.lotFormat.digits == 4)
        #expect(try Self.read(["gateway.lot.digits": "6"]).lotFormat.digits == 6)
        #expect(Self.refusal(["gateway.lot.digits": "2"]) == "GATEWAY_LOT_DIGITS '2' must be a whole number in 3…8")
    }

    @Test("GATEWAY_ZPL_RETENTION_DAYS")
    func zplRetentionDays() throws {
        #expect(Self.defaults.zplRetention == .seconds(14 * 86_400))
        #expect(try Self.read(["gateway.zpl.retention.days": "0.5"]).zplRetention == .seconds(43_200))
        #expect(
            Self.refusal(["gateway.zpl.retention.days": "0"])
                == "GATEWAY_ZPL_RETENTION_DAYS '0' must be a number in 0.001…3650.0")
    }

    @Test("GATEWAY_STATUS_SECONDS")
    func statusSeconds() throws {
        #expect(Self.defaults.statusInterval == .seconds(30))
        #expect(try Self.read(["gateway.status.seconds": "60"]).statusInterval == .seconds(60))
        #expect(
            Self.refusal(["gateway.status.seconds": "0.5"])
                == "GATEWAY_STATUS_SECONDS '0.5' must be a number in 1.0…86400.0")
    }

    @Test("GATEWAY_DATABASE_CONNECTIONS: 16 by default, for the engine and the API together; 2 at least")
    func databaseConnections() throws {
        #expect(Self.defaults.databaseConnections == 16)
        #expect(Self.defaults.databaseConnections == GatewayConfiguration.defaultDatabaseConnections)
        #expect(try Self.read(["gateway.database.connections": "80"]).databaseConnections == 80)
        #expect(try Self.read(["gateway.database.connections": "2"]).databaseConnections == 2)
        #expect(try Self.read(["gateway.database.connections": ""]).databaseConnections == 16)
        for bad in ["0", "1", "1001", "-5", "many", "2.5"] {
            #expect(
                Self.refusal(["gateway.database.connections": bad])
                    == "GATEWAY_DATABASE_CONNECTIONS '\(bad)' must be a whole number in 2…1000")
        }
    }
}

/// Where the settings come from: the environment over `.env`, under the variable names the README lists.
@Suite("Configuration: environment and .env")
struct ConfigurationSourceTests {
    /// A `.env` file with `text` in a folder of its own, removed after `body`.
    static func withDotEnv<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dotenv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".env").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try body(path)
    }

    @Test("every variable is read under its documented name")
    func names() throws {
        let environment = [
            "DATABASE_URL": "postgres://app@db:6543/labels", "GATEWAY_JWT_SECRET": "secret-a",
            "GATEWAY_JWT_SECRET_PREVIOUS": "secret-b", "GATEWAY_HTTP_ADDRESS": "0.0.0.0:9000",
            "GATEWAY_TEMPLATES_DIR": "/srv/labels", "GATEWAY_SITE": "plant-b", "LOG_LEVEL": "error",
            "GATEWAY_WINDOW": "9", "GATEWAY_LEASE_SECONDS": "20", "GATEWAY_POLL_MS": "50",
            "GATEWAY_WAIT_SECONDS": "7", "GATEWAY_CLAIM_SECONDS": "3", "GATEWAY_OWNER": "gw-b",
            "GATEWAY_LOT_PREFIX": "B", "GATEWAY_LOT_DIGITS": "5", "GATEWAY_ZPL_RETENTION_DAYS": "2",
            "GATEWAY_STATUS_SECONDS": "45", "GATEWAY_DATABASE_CONNECTIONS": "33",
        ]
        let reader = try GatewayConfiguration.reader(environment: environment, dotEnvPath: "/nonexistent/.env")
        let configuration = try GatewayConfiguration(config: reader)
        #expect(configuration.databaseURL == "postgres://app@db:6543/labels")
        #expect(configuration.jwtSecret == "secret-a" && configuration.jwtPreviousSecret == "secret-b")
        #expect(configuration.httpHost == "0.0.0.0" && configuration.httpPort == 9000)
        #expect(configuration.templatesDirectory == "/srv/labels" && configuration.site == "plant-b")
        #expect(configuration.logLevel == .error && configuration.engine.window == 9)
        #expect(configuration.engine.leaseDuration == .seconds(20))
        #expect(configuration.engine.pollInterval == .milliseconds(50))
        #expect(configuration.engine.waitInterval == .seconds(7))
        #expect(configuration.engine.claimInterval == .seconds(3))
        #expect(configuration.engine.owner == "gw-b")
        #expect(configuration.lotFormat == .init(prefix: "B", digits: 5))
        #expect(configuration.zplRetention == .seconds(2 * 86_400))
        #expect(configuration.statusInterval == .seconds(45))
        #expect(configuration.databaseConnections == 33)
        #expect(reader.string(forKey: "cups.server") == nil)
        let cups = try GatewayConfiguration.reader(environment: ["CUPS_SERVER": "/run/cups/cups.sock"])
        #expect(cups.string(forKey: "cups.server") == "/run/cups/cups.sock")
    }

    @Test(".env is read (quotes, export, comments); the environment wins, even when it sets a variable empty")
    func dotEnvUnderEnvironment() throws {
        let text = """
            # the gateway of plant B
            export GATEWAY_SITE=plant-b
            GATEWAY_WINDOW="7"
            GATEWAY_OWNER='dock gateway'
            LOG_LEVEL=debug # while it is new
            GATEWAY_LOT_DIGITS=5
            GATEWAY_STATUS_SECONDS=45
            GATEWAY_DATABASE_CONNECTIONS=33
            """
        let configuration = try Self.withDotEnv(text) { path in
            try GatewayConfiguration(
                config: GatewayConfiguration.reader(
                    environment: ["GATEWAY_WINDOW": "9", "GATEWAY_LOT_DIGITS": ""], dotEnvPath: path))
        }
        #expect(configuration.site == "plant-b")
        #expect(configuration.engine.owner == "dock gateway")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.statusInterval == .seconds(45))
        #expect(configuration.databaseConnections == 33)
        #expect(configuration.engine.window == 9, "the environment's value, not .env's")
        #expect(configuration.lotFormat.digits == 4, "an empty variable in the environment hides .env's and is unset")
    }

    @Test("a bad value in .env is refused by its name; no .env is fine; an unreadable one is an error")
    func dotEnvErrors() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try Self.withDotEnv("GATEWAY_WINDOW=0\n") { path in
                try GatewayConfiguration(config: GatewayConfiguration.reader(environment: [:], dotEnvPath: path))
            }
        }
        #expect(error?.message == "GATEWAY_WINDOW '0' must be a whole number in 1…100")
        #expect(throws: Never.self) {
            try GatewayConfiguration.reader(environment: [:], dotEnvPath: "/nonexistent/.env")
        }
        let folder = FileManager.default.temporaryDirectory.path
        let unreadable = #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration.reader(environment: [:], dotEnvPath: folder)
        }
        #expect(unreadable?.message.hasPrefix("\(folder) cannot be read") == true)
    }
}

/// Secrets (the token secrets and the database URL, which holds its password) never reach a log, a printed
/// configuration or an error message.
@Suite("Configuration: secrets")
struct ConfigurationSecretTests {
    static let secret = "jwt-secret-0123456789-0123456789-abcd"
    static let previous = "jwt-previous-0123456789-0123456789-ef"
    static let password = "pg-pass-4f7c1e"
    static let environment = [
        "GATEWAY_JWT_SECRET": secret, "GATEWAY_JWT_SECRET_PREVIOUS": previous,
        "DATABASE_URL": "postgres://app:\(password)@db.example:5432/labels", "GATEWAY_SITE": "plant-a",
    ]

    /// Every access event the reader reports, as the library's access loggers render them.
    final class Events: AccessReporter, Sendable {
        let events = Mutex<[AccessEvent]>([])
        func report(_ event: AccessEvent) { events.withLock { $0.append(event) } }
        var all: [AccessEvent] { events.withLock { $0 } }
    }

    @Test("the printed configuration shows <REDACTED> for each secret")
    func printed() throws {
        let reader = try GatewayConfiguration.reader(environment: Self.environment, dotEnvPath: "/nonexistent/.env")
        let printed = "\(try GatewayConfiguration(config: reader))"
        for secret in [Self.secret, Self.previous, Self.password] {
            #expect(!printed.contains(secret))
        }
        #expect(printed.contains("DATABASE_URL=postgres://app:<REDACTED>@db.example:5432/labels"))
        #expect(printed.contains("GATEWAY_JWT_SECRET=<REDACTED>"))
        #expect(printed.contains("GATEWAY_JWT_SECRET_PREVIOUS=<REDACTED>"))
        #expect(printed.contains("GATEWAY_SITE=plant-a"))
        #expect(printed.contains("GATEWAY_POLL_MS=100") && printed.contains("GATEWAY_LEASE_SECONDS=15"))
        #expect(printed.contains("GATEWAY_DATABASE_CONNECTIONS=16"))
        let unset = "\(GatewayConfiguration())"
        #expect(unset.contains("GATEWAY_JWT_SECRET= ") && unset.contains("DATABASE_URL=postgres://gateway@127.0.0.1"))
    }

    @Test("the reader's access events (what CONFIG_ACCESS_LOG_FILE logs) mark the secrets and redact them")
    func accessEvents() throws {
        let events = Events()
        let reader = try GatewayConfiguration.reader(
            environment: Self.environment, dotEnvPath: "/nonexistent/.env", accessReporter: events)
        _ = try GatewayConfiguration(config: reader)
        let logged = events.all.map(String.init(describing:)).joined(separator: "\n")
        for secret in [Self.secret, Self.previous, Self.password] {
            #expect(!logged.contains(secret))
        }
        #expect(logged.contains("plant-a"), "the values that are not secret are logged")
        let secretEvents = events.all.filter { GatewayConfiguration.secretKeys.contains($0.metadata.key.description) }
        #expect(secretEvents.count == 3)
        for event in secretEvents {
            #expect((try? event.result.get())?.isSecret == true, "\(event.metadata.key)")
            for provider in event.providerResults {
                if case .success(let lookup) = provider.result, let value = lookup.value {
                    #expect(value.isSecret, "\(provider.providerName) \(event.metadata.key)")
                }
            }
        }
    }

    @Test("a refused secret is not repeated in the error")
    func errors() throws {
        let url = "postgres://app:\(Self.password)@db.example/labels?sslmode=sometimes"
        let error = #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration(
                config: GatewayConfiguration.reader(environment: ["DATABASE_URL": url], dotEnvPath: "/nonexistent/.env")
            )
        }
        #expect(error?.message == "DATABASE_URL sslmode 'sometimes' is not supported")
        let reader = ConfigReader(
            provider: InMemoryProvider(values: [
                "gateway.jwt.secret": ConfigValue(.string(Self.secret), isSecret: false)
            ]))
        let refused = #expect(throws: ConfigurationError.self) {
            try reader.setting(GatewayConfiguration.Key.jwtSecret, "is refused") { _ in nil as String? }
        }
        #expect(refused?.message == "GATEWAY_JWT_SECRET is refused")
    }
}
