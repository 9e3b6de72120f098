import Core
import Foundation
import Hummingbird
import Preview
import Store

/// The dashboard's pages. Each reads through ``DashboardRepository`` and renders a template; nothing changes.
struct DashboardController: Sendable {
    let repository: DashboardRepository
    let migrator: Migrator
    let health: DatabaseHealth
    let transports: TransportRegistry
    let renderer: DashboardRenderer

    /// Jobs per page of the job list.
    static let pageSize = 50
    /// Jobs of a printer's queue its page lists.
    static let queueLimit = 50

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/", use: overview)
        router.get("/jobs", use: jobs)
        router.get("/jobs/:id", use: job)
        router.get("/jobs/:id/labels/:number/preview.png", use: labelPreview)
        router.get("/printers", use: printers)
        router.get("/printers/:name", use: printer)
        router.get("/health", use: healthPage)
        router.get("/assets/dashboard.css") { _, _ in renderer.stylesheetResponse() }
    }

    /// What every page's handler starts with: the database is known to be up, and the chrome for this request.
    private func start(_ request: Request, title: String) throws -> (Chrome, Date) {
        guard health.isReachable else { throw StoreError(.unavailable, "the database probe finds it down") }
        let now = Date()
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let refresh = request.uri.queryParameters.get("refresh", as: Int.self).flatMap {
            (5...3600).contains($0) ? $0 : nil
        }
        return (Chrome(title: title, path: request.uri.path, query: query, refresh: refresh, now: now), now)
    }

    @Sendable func overview(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (chrome, now) = try start(request, title: "Overview")
        async let activities = repository.printers()
        async let waiting = repository.jobs(JobListQuery(filter: .waiting, limit: 20))
        async let troubled = repository.jobsNeedingAttention(limit: 20)
        async let figures = repository.healthFigures()
        let printers = try await activities.map(printerView(now: now))
        let waitingRows = try await waiting.jobs.map { JobRowView($0, now: now) }
        let troubledRows = try await troubled.map { JobRowView($0, now: now) }
        let page = OverviewPage(
            chrome: chrome, printers: printers, hasPrinters: !printers.isEmpty, waitingJobs: waitingRows,
            hasWaiting: !waitingRows.isEmpty, troubledJobs: troubledRows, hasTroubled: !troubledRows.isEmpty,
            health: healthLine(try await figures, now: now))
        return renderer.page("overview", page)
    }

    @Sendable func jobs(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (chrome, now) = try start(request, title: "Jobs")
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? {
            parameters.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let filter = text("status").flatMap(JobListQuery.Filter.init)
        var position: JobListQuery.Position? = nil
        if let older = text("older") { position = .olderThan(older) }
        if let newer = text("newer") { position = .newerThan(newer) }
        let query = JobListQuery(
            filter: filter, printer: text("printer"), site: text("site"), from: text("from").flatMap(Self.date),
            to: text("to").flatMap(Self.date), search: text("q"), position: position, limit: Self.pageSize)
        async let listed = repository.jobs(query)
        async let names = repository.printerNames()
        let page = try await listed
        let printers = try await names
        let statuses = ["queued", "printing", "completed", "failed", "cancelled", "waiting", "partial"]
        let labels = ["waiting": "waiting (with a reason)", "partial": "partly printed"]
        let kept = parameters.filter { !["older", "newer", "refresh"].contains($0.key) }.map {
            (String($0.key), String($0.value))
        }
        let sites = Set(printers.map(\.site)).filter { !$0.isEmpty }.sorted()
        let view = JobsPage(
            chrome: chrome,
            statuses: statuses.map { .init(value: $0, label: labels[$0] ?? $0, selected: filter?.name == $0) },
            printers: printers.map { .init(value: $0.name, label: $0.name, selected: query.printer == $0.name) },
            sites: sites.map { .init(value: $0, label: $0, selected: query.site == $0) },
            search: query.search ?? "", from: text("from") ?? "", to: text("to") ?? "",
            jobs: page.jobs.map { JobRowView($0, now: now) }, hasJobs: !page.jobs.isEmpty,
            olderHref: page.older.map { Chrome.href("/jobs", kept + [("older", $0)]) },
            newerHref: page.newer.map { Chrome.href("/jobs", kept + [("newer", $0)]) },
            newestHref: position == nil ? nil : Chrome.href("/jobs", kept),
            filtered: !kept.isEmpty)
        return renderer.page("jobs", view)
    }

    /// `2025-03-01`, `2025-03-01T14:00` or a full RFC 3339 time, read as UTC.
    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: .gmt)) { return date }
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = .gmt
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    @Sendable func job(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (chrome, now) = try start(request, title: "Job")
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw HTTPError(.notFound, message: "There is no job with this id.")
        }
        let number = max(1, request.uri.queryParameters.get("zpl", as: Int.self) ?? 1)
        guard let detail = try await repository.job(id: id, zplNumber: number) else {
            throw HTTPError(.notFound, message: "There is no job \(text.lowercased()) (or it was deleted).")
        }
        let titled = Chrome(
            title: "Job \(text.prefix(8).lowercased())", path: request.uri.path,
            query: request.uri.queryParameters.map { (String($0.key), String($0.value)) },
            refresh: chrome.refreshSeconds, now: now)
        return renderer.page("job", JobPage(detail, chrome: titled, now: now))
    }

    /// A label's preview, drawn from its kept ZPL at 300 dpi (ZPL places in dots, so the dpi only changes defaults).
    @Sendable func labelPreview(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard health.isReachable else { throw StoreError(.unavailable, "the database probe finds it down") }
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
            let number = context.parameters.get("number", as: Int.self), number >= 1,
            let zpl = try await repository.zpl(jobID: id, number: number)
        else {
            throw HTTPError(.notFound, message: "There is no kept ZPL for this label.")
        }
        let (_, label) = LabelPicture.draw(Array(zpl.utf8), number: 1, options: PreviewOptions(dpi: 300))
        guard let png = label?.bitmap?.png() else {
            throw HTTPError(.notFound, message: "This label's ZPL holds no label to draw.")
        }
        return Response(
            status: .ok, headers: [.contentType: "image/png", .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: png)))
    }

    @Sendable func printers(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (chrome, now) = try start(request, title: "Printers")
        let printers = try await repository.printers().map(printerView(now: now))
        return renderer.page(
            "printers", PrintersPage(chrome: chrome, printers: printers, hasPrinters: !printers.isEmpty))
    }

    @Sendable func printer(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (chrome, now) = try start(request, title: "Printer")
        let name = context.parameters.get("name") ?? ""
        guard let activity = try await repository.printers(named: name).first else {
            throw HTTPError(.notFound, message: "There is no printer named \(name).")
        }
        let id = activity.record.printer.id
        async let queue = repository.queue(printerID: id, limit: Self.queueLimit + 1)
        async let recent = repository.jobs(JobListQuery(printer: name, limit: 20))
        let queued = try await queue
        let titled = Chrome(
            title: "Printer \(name)", path: request.uri.path,
            query: request.uri.queryParameters.map { (String($0.key), String($0.value)) },
            refresh: chrome.refreshSeconds, now: now)
        let page = PrinterPage(
            chrome: titled, printer: printerView(now: now)(activity),
            queue: queued.prefix(Self.queueLimit).map { JobRowView($0, now: now) }, hasQueue: !queued.isEmpty,
            queueTruncated: queued.count > Self.queueLimit,
            recent: try await recent.jobs.map { JobRowView($0, now: now) },
            jobsHref: Chrome.href("/jobs", [("printer", name)]))
        return renderer.page("printer", page)
    }

    @Sendable func healthPage(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (chrome, now) = try start(request, title: "Health")
        async let figures = repository.healthFigures()
        async let current = migrator.currentVersion()
        let latest = try Migrator.bundled().last?.version
        let version = try await current
        let data = try await figures
        let upToDate = version == latest
        let page = HealthPage(
            chrome: chrome, databaseReachable: true,
            migrations: upToDate
                ? "up to date (version \(version ?? 0))"
                : "version \(version.map(String.init) ?? "none") applied, \(latest ?? 0) shipped: pending",
            migrationsOK: upToDate,
            gateways: data.gateways.map {
                .init(
                    owner: $0.owner, site: $0.site.isEmpty ? "every site" : $0.site,
                    lastSeen: DashboardWords.time($0.lastSeenAt), age: DashboardWords.age($0.lastSeenAt, now: now),
                    alive: $0.alive)
            },
            hasGateways: !data.gateways.isEmpty,
            sitesWithoutGateway: data.sitesWithoutGateway.map { $0.isEmpty ? "(no site)" : $0 },
            hasSitesWithoutGateway: !data.sitesWithoutGateway.isEmpty, queueDepth: data.queueDepth,
            oldest: data.oldestQueued.map { oldest in
                let id = oldest.id.uuidString.lowercased()
                return .init(
                    href: "/jobs/\(id)", shortID: String(id.prefix(8)),
                    createdAt: DashboardWords.time(oldest.createdAt),
                    age: DashboardWords.age(oldest.createdAt, now: now),
                    waiting: oldest.waitingReason.map { DashboardWords.waiting(raw: $0) })
            },
            chart: HourlyChart(printed: data.printedPerHour, failed: data.failedPerHour, now: now))
        return renderer.page("health", page)
    }

    private func printerView(now: Date) -> (PrinterActivity) -> PrinterView {
        { activity in
            PrinterView(
                activity, confirmation: transports.confirmation(for: activity.record.printer.uri), now: now)
        }
    }

    /// The overview's health line.
    private func healthLine(_ figures: HealthFigures, now: Date) -> HealthLine {
        let alive = figures.gateways.filter(\.alive).count
        var problems: [String] = []
        if alive == 0 { problems.append("no gateway process is running") }
        if !figures.sitesWithoutGateway.isEmpty {
            let sites = figures.sitesWithoutGateway.map { $0.isEmpty ? "(no site)" : $0 }
            problems.append("no gateway for site \(sites.joined(separator: ", "))")
        }
        var text =
            "Database reachable · \(alive) gateway\(alive == 1 ? "" : "s") running · "
            + "\(figures.queueDepth) job\(figures.queueDepth == 1 ? "" : "s") in the queues"
        if let oldest = figures.oldestQueued {
            text += " · oldest queued \(DashboardWords.age(oldest.createdAt, now: now)) ago"
        }
        if !problems.isEmpty { text += " · " + problems.joined(separator: " · ") }
        return HealthLine(ok: problems.isEmpty, text: text)
    }
}
