/// `/health`: database, gateway processes, sites without one, the queue, and labels per hour.
struct HealthPage {
    struct Gateway {
        let owner: String
        let site: String
        let lastSeen: String
        let age: String
        let alive: Bool
    }

    struct Oldest {
        let href: String
        let shortID: String
        let createdAt: String
        let age: String
        let waiting: String?
    }

    let chrome: Chrome
    let databaseReachable: Bool
    let migrations: String
    let migrationsOK: Bool
    let gateways: [Gateway]
    let hasGateways: Bool
    let sitesWithoutGateway: [String]
    let hasSitesWithoutGateway: Bool
    let queueDepth: Int
    let oldest: Oldest?
    let chart: HourlyChart
}

/// A page for what went wrong: not found, method not allowed, database down.
struct ErrorPage {
    let chrome: Chrome
    let status: Int
    let heading: String
    let message: String
}
