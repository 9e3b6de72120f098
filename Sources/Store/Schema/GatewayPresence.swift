import Logging
import PostgresNIO

/// Announces this gateway process and its site every few seconds; a process not seen for
/// ``GatewayPresence/staleAfterSeconds`` no longer counts. Jobs and printers of a site without a live gateway
/// show `no_gateway_for_site`.
public struct GatewayPresence: Sendable {
    /// A gateway not seen for this long is gone.
    public static let staleAfterSeconds = 30

    /// SQL true when printer `p` has a live gateway: one of its site or one driving every site.
    static let liveGatewayCondition = """
        EXISTS (SELECT 1 FROM gateway.gateways g
                WHERE g.last_seen_at > now() - make_interval(secs => \(staleAfterSeconds))
                  AND (g.site = '' OR g.site = p.site))
        """

    let client: PostgresClient
    let owner: String
    let site: String
    let interval: Duration
    let logger: Logger

    public init(client: PostgresClient, owner: String, site: String?, interval: Duration = .seconds(5), logger: Logger)
    {
        self.client = client
        self.owner = owner
        self.site = site ?? ""
        self.interval = interval
        self.logger = logger
    }

    /// Announces until `stopping` says so, then leaves.
    public func run(until stopping: @Sendable () -> Bool) async throws {
        while !Task.isCancelled, !stopping() {
            do { try await announce() } catch {
                logger.debug("could not announce this gateway", metadata: ["error": "\(error)"])
            }
            let next = ContinuousClock.now + interval
            while ContinuousClock.now < next, !stopping() { try await Task.sleep(for: .milliseconds(100)) }
        }
        try? await leave()
    }

    public func announce() async throws {
        _ = try await client.run(
            """
            INSERT INTO gateway.gateways (owner, site, last_seen_at) VALUES (\(owner), \(site), now())
            ON CONFLICT (owner) DO UPDATE SET site = excluded.site, last_seen_at = now()
            """, logger: logger)
    }

    /// Says goodbye at shutdown, so that the site shows no gateway at once.
    public func leave() async throws {
        _ = try await client.run("DELETE FROM gateway.gateways WHERE owner = \(owner)", logger: logger)
    }
}
