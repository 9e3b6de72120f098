import Core
import Foundation
import Hummingbird
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Store

/// Builds the whole gateway: database client, repositories, job engine, notification listener and HTTP routes.
/// `@main` and the tests call this one function, with different parts.
public func buildApplication<Clock: GatewayClock>(
    configuration: GatewayConfiguration,
    logger: Logger,
    clock: Clock,
    transports: TransportRegistry,
    metrics: GatewayMetrics = .shared,
    runEngine: Bool = true
) throws -> some ApplicationProtocol {
    let databaseURL = try DatabaseURL(configuration.databaseURL)
    // The connections carry this process's name, so that its share of the database's connections can be counted.
    let applicationName = String("print-gateway \(configuration.engine.owner)".prefix(63))
    var clientConfiguration = databaseURL.clientConfiguration
    clientConfiguration.options.additionalStartupParameters.append(("application_name", applicationName))
    // The pool arms a keep-alive query's timer each time a connection goes back idle, and cancels it when it is
    // leased again; a cancelled sleep stays queued, holding its memory, for its whole duration, and the API gives
    // connections back thousands of times a second. So no keep-alive query: the health probe asks the database
    // every second, and the pool drops a connection the server closes. No connections are kept open at all times
    // (`minimumConnections` stays 0): with some kept, PostgresNIO's pool fails a precondition and stops the process
    // when a lease comes while they reconnect after a database restart (seen in the chaos run).
    clientConfiguration.options.keepAliveBehavior = nil
    // The job reads' kept connections (one per event loop, ``ReadConnections``) come out of the same allowance,
    // when it leaves the pool at least ``GatewayConfiguration/minimumPoolWithReads``; with less, every read uses
    // the pool.
    var readConfiguration = try databaseURL.connectionConfiguration()
    readConfiguration.options.additionalStartupParameters.append(("application_name", applicationName))
    let kept = ReadConnections(configuration: readConfiguration, logger: logger.with(label: "postgres"))
    let reads =
        configuration.databaseConnections - kept.count >= GatewayConfiguration.minimumPoolWithReads ? kept : nil
    clientConfiguration.options.maximumConnections = configuration.databaseConnections - (reads?.count ?? 0)
    let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger.with(label: "postgres"))
    let jobs = JobRepository(client: client, transports: transports, reads: reads, logger: logger)
    let printers = PrinterRepository(client: client, logger: logger)
    let migrator = Migrator(client: client, logger: logger)
    let wakeUp = WakeUpSignal()
    // An engine call that waits longer than a lease has lost the lease anyway.
    let engineStore = PostgresEngineStore(
        client: client, callTimeout: max(configuration.engine.leaseDuration, .seconds(5)), logger: logger)
    let engine = JobEngine(
        store: engineStore, transports: transports, clock: clock,
        configuration: configuration.engine, wakeUp: wakeUp, metrics: metrics.engine,
        logger: logger.with(label: "engine"))
    let monitor = PrinterMonitor(
        store: engineStore, transports: transports, clock: clock, site: configuration.engine.site,
        interval: configuration.statusInterval, logger: logger.with(label: "monitor"))

    let templates = TemplateLibrary()
    let watcher = TemplateWatcher(
        directory: configuration.templatesDirectory, library: templates, logger: logger.with(label: "templates"))
    watcher.scan()
    let health = DatabaseHealth(configuration: try databaseURL.connectionConfiguration(), logger: logger)
    let webhookWakeUp = WakeUpSignal()
    let feed = EventFeed(client: client, alsoWake: webhookWakeUp, logger: logger.with(label: "events"))
    let deliverer = WebhookDeliverer(
        webhooks: WebhookRepository(client: client, logger: logger), clock: clock, wakeUp: webhookWakeUp,
        logger: logger.with(label: "webhooks"))
    let router = try buildRouter(
        configuration: configuration, client: client, migrator: migrator, jobs: jobs, printers: printers,
        templates: templates, transports: transports, activePrinters: { engine.activePrinters.count }, health: health,
        feed: feed, metrics: metrics, applicationName: applicationName, logger: logger)

    // At graceful shutdown the service group stops these from the last to the first, each after the one after it
    // has ended: the engine first (it checkpoints and releases its printers), the database client last.
    var services: [any Service] = [
        DatabaseClientService(client: client, reads: reads, logger: logger),
        health,
        watcher,
        DocumentPruner(client: client, retention: configuration.zplRetention, logger: logger),
        feed,
        deliverer,
    ]
    if runEngine {
        services += [
            GatewayPresence(
                client: client, owner: configuration.engine.owner, site: configuration.engine.site, logger: logger),
            JobNotificationListener(
                client: client, wakeUp: wakeUp, printerWakeUps: engine.printerWakeUps, logger: logger),
            monitor,
            EngineService(migrator: migrator, engine: engine, logger: logger),
        ]
    }
    // HTTPS when configured: the files are checked now, and read again on SIGHUP.
    let tls = try configuration.tls.map { files throws(ConfigurationError) in
        try TLSContextSource(files: files, logger: logger.with(label: "tls"))
    }
    if let tls { services.append(TLSReloadService(source: tls, logger: logger.with(label: "tls"))) }
    if let dashboard = configuration.dashboard {
        services.append(
            try buildDashboard(
                settings: dashboard, limits: configuration.limits, client: client, migrator: migrator,
                health: health, transports: transports, logger: logger))
    }
    return Application(
        router: router,
        server: .limitedHTTP1(limits: configuration.limits, tls: tls, logger: logger),
        configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort)),
        services: services,
        onServerRunning: { await AcceptErrorLog.install(on: $0, logger: logger) },
        logger: logger)
}

/// The HTTP routes: health, readiness, metrics and the OpenAPI document without a token; the API under `/v1` behind
/// the JWT check.
func buildRouter(
    configuration: GatewayConfiguration, client: PostgresClient, migrator: Migrator, jobs: JobRepository,
    printers: PrinterRepository, templates: TemplateLibrary, transports: TransportRegistry,
    activePrinters: @escaping @Sendable () -> Int, health: DatabaseHealth? = nil, feed: EventFeed,
    metrics: GatewayMetrics = .shared,
    applicationName: String? = nil, logger: Logger
) throws -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    // Outermost, so that they log and count the status the client gets, errors mapped by ErrorMiddleware included.
    router.addMiddleware {
        AccessLogMiddleware(logger: logger.with(label: "access"))
        MetricsMiddleware()
        ErrorMiddleware()
        ClientAddressMiddleware(
            allowed: configuration.limits.allowedClients, trustedProxies: configuration.limits.trustedProxies)
    }
    try OpenAPIController().addRoutes(to: router)
    let databaseURL = try DatabaseURL(configuration.databaseURL)
    let health = try health ?? DatabaseHealth(configuration: databaseURL.connectionConfiguration(), logger: logger)
    HealthController(
        migrator: migrator, reader: MetricsReader(client: client, applicationName: applicationName, logger: logger),
        metrics: metrics, health: health, activePrinters: activePrinters,
        poolMaximum: configuration.databaseConnections,
        logger: logger
    ).addRoutes(to: router)
    let tokens = GatewayTokens(
        secret: configuration.jwtSecret, previousSecret: configuration.jwtPreviousSecret)
    let limits = configuration.limits
    let v1 = router.group("v1")
        .add(middleware: RateLimitMiddleware(key: .clientAddress, limiter: RateLimiter(limits.clientRate)))
        .add(middleware: AuthFailureLimitMiddleware(limiter: RateLimiter(limits.authFailureRate)))
        .add(middleware: JWTAuthenticator(tokens: tokens))
        .add(middleware: RateLimitMiddleware(key: .subject, limiter: RateLimiter(limits.subjectRate)))
        .add(middleware: DatabaseGuardMiddleware(health: health))
        .add(
            middleware: BodyLimitMiddleware(
                maxBytes: configuration.maxBodyBytes, budget: BodyBudget(capacity: limits.bodyBudgetBytes)))
    JobController(
        jobs: jobs, printers: printers, templates: templates,
        maxBodyBytes: configuration.maxBodyBytes
    ).addRoutes(to: v1)
    TemplateController(library: templates, maxBodyBytes: configuration.maxBodyBytes).addRoutes(to: v1)
    PreviewController(
        jobs: jobs, printers: printers, templates: templates, maxBodyBytes: configuration.maxBodyBytes
    ).addRoutes(to: v1)
    LotController(
        lots: LotRepository(client: client, format: configuration.lotFormat, logger: logger),
        maxBodyBytes: configuration.maxBodyBytes
    ).addRoutes(to: v1)
    EventController(
        feed: feed, events: EventRepository(client: client, logger: logger), heartbeat: configuration.eventHeartbeat
    ).addRoutes(to: v1)
    WebhookController(
        webhooks: WebhookRepository(client: client, logger: logger), maxBodyBytes: configuration.maxBodyBytes,
        allowLoopback: configuration.webhookAllowLoopback
    ).addRoutes(to: v1)
    PrinterController(
        printers: printers, transports: transports, maxBodyBytes: configuration.maxBodyBytes,
        networks: PrinterNetworks(limits.printerNetworks)
    ).addRoutes(to: v1)
    return router
}

extension Logger {
    func with(label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        for (key, value) in handler.metadata { logger[metadataKey: key] = value }
        return logger
    }
}

/// Runs `body` with a database client for one-off commands (`migrate`, `printers import`).
public func withDatabase<T: Sendable>(
    _ configuration: GatewayConfiguration, logger: Logger, _ body: @Sendable (PostgresClient) async throws -> T
) async throws -> T {
    let client = PostgresClient(
        configuration: try DatabaseURL.clientConfiguration(configuration.databaseURL), backgroundLogger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.runUntilCancelled(logger: logger) }
        defer { group.cancelAll() }
        return try await body(client)
    }
}
