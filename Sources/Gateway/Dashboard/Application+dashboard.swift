import Core
import Hummingbird
import Logging
import PostgresNIO
import Store

/// The dashboard's own listener: an application run as one more service of the gateway's service group, on the
/// gateway's database client, stopped with it. Its listener has the API's connection limits and deadlines.
func buildDashboard(
    settings: DashboardSettings, limits: APILimits, client: PostgresClient, migrator: Migrator, health: DatabaseHealth,
    transports: TransportRegistry, logger: Logger
) throws -> some ApplicationProtocol {
    let logger = logger.with(label: "dashboard")
    if !settings.isLoopback {
        logger.warning(
            "the dashboard listens on an address other than loopback, without a login",
            metadata: ["dashboard.address": "\(settings.host):\(settings.port)"])
    }
    let router = try buildDashboardRouter(
        client: client, migrator: migrator, health: health, transports: transports, logger: logger)
    return Application(
        router: router, server: .limitedHTTP1(limits: limits, logger: logger),
        configuration: .init(address: .hostname(settings.host, port: settings.port)),
        onServerRunning: { await AcceptErrorLog.install(on: $0, logger: logger) }, logger: logger)
}

/// The dashboard's routes behind ``DashboardMiddleware``.
func buildDashboardRouter(
    client: PostgresClient, migrator: Migrator, health: DatabaseHealth, transports: TransportRegistry,
    logger: Logger
) throws -> Router<BasicRequestContext> {
    let renderer = try DashboardRenderer()
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.addMiddleware { DashboardMiddleware(renderer: renderer, logger: logger) }
    DashboardController(
        repository: DashboardRepository(client: client, transports: transports, logger: logger),
        migrator: migrator, health: health, transports: transports, renderer: renderer
    ).addRoutes(to: router)
    return router
}
