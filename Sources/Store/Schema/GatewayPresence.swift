import Core
import Logging
import PostgresNIO
import ServiceLifecycle

/// Announces this gateway process and its site every few seconds; a process not seen for
/// ``LiveGateways/staleAfterSeconds`` no longer counts. Jobs and printers of a site without a live gateway
/// show `no_gateway_for_site`. Runs as a service: at graceful shutdown it leaves, while the database client still
/// runs (the service group stops it after the services listed after it).
public struct GatewayPresence: Service {
    let client: PostgresClient
    let owner: String
    let site: String
    let ticks: Ticks
    let logger: Logger

    public init(
        client: PostgresClient, owner: String, site: String?, ticks: Ticks = .every(.seconds(5)), logger: Logger
    ) {
        (self.client, self.owner, self.site, self.ticks, self.logger) = (client, owner, site ?? "", ticks, logger)
    }

    /// Announces now and at every tick until graceful shutdown, then leaves.
    public func run() async throws {
        await ticks.run(now: true) { await announceLogged() }
        try? await leave()
    }

    private func announceLogged() async {
        do { try await announce() } catch {
            logger.debug("could not announce this gateway", metadata: ["error": "\(error)"])
        }
    }

    public func announce() async throws {
        _ = try await client.run(
            """
            INSERT INTO gateway.gateways (owner, site, last_seen_at) VALUES (\(owner), \(site), now())
            ON CONFLICT (owner) DO UPDATE SET site = excluded.site, last_seen_at = now()
            """, logger: logger)
    }

    /// How long the goodbye may take: a database that does not answer must not hold the stop, and a gateway that
    /// could not say goodbye goes stale by itself.
    static let leaveTimeout = Duration.seconds(2)

    /// Says goodbye at shutdown, so that the site shows no gateway at once.
    public func leave() async throws {
        _ = try await client.run(
            "DELETE FROM gateway.gateways WHERE owner = \(owner)", timeout: Self.leaveTimeout, logger: logger)
    }
}
