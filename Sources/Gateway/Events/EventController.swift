import Core
import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import Store

/// `/v1/events`: the outbox as a list, and as a live stream of server-sent events.
struct EventController {
    let feed: EventFeed
    let events: EventRepository
    /// A comment line this often keeps proxies and clients from taking a quiet stream for a dead one.
    var heartbeat: Duration = .seconds(15)

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.print)
            .get("events", use: list)
            .get("events/stream", use: stream)
    }

    /// `GET /v1/events?after=N&limit=&types=`: the events after sequence N, oldest first, as the stream sends them.
    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let after = try Self.sequence(query.get("after") ?? query.get("cursor"), name: "after") ?? 0
        let limit = try PageLimit.parse(query.get("limit"))
        let types = try Self.types(query.get("types"))
        let found = try await events.list(after: after, limit: limit, types: types.map { Array($0).sorted() })
        let next = found.count == limit ? found.last.map { "\"\($0.sequence)\"" } ?? "null" : "null"
        let body = "{\"items\":[" + found.map(\.envelope).joined(separator: ",") + "],\"next_cursor\":\(next)}"
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `GET /v1/events/stream`: `text/event-stream`, each event as `id: SEQUENCE`, `event: TYPE`, `data: JSON`.
    /// `Last-Event-ID` (or `?after=`) replays what came after it; without either, the stream starts with what comes
    /// next. A comment every ``heartbeat``. It ends when the gateway shuts down.
    @Sendable func stream(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let types = try Self.types(query.get("types"))
        let resume =
            try Self.sequence(request.headers[.lastEventID], name: "Last-Event-ID")
            ?? Self.sequence(query.get("after"), name: "after")
        let start: Int64
        if let resume { start = resume } else { start = try await feed.lastSequence() }
        let (feed, heartbeat) = (feed, heartbeat)
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await withGracefulShutdownHandler {
                    var cursor = start
                    // Tells the client how long to wait before reconnecting, and that the stream is open.
                    try await writer.write(ByteBuffer(string: "retry: 2000\n: stream open\n\n"))
                    while true {
                        guard let next = try await feed.next(after: cursor, types: types, timeout: heartbeat)
                        else { break }
                        cursor = next.cursor
                        if next.events.isEmpty {
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                            continue
                        }
                        var text = ""
                        for event in next.events {
                            text += "id: \(event.sequence)\nevent: \(event.type)\ndata: \(event.envelope)\n\n"
                        }
                        try await writer.write(ByteBuffer(string: text))
                    }
                } onGracefulShutdown: {
                    feed.close()
                }
                try await writer.finish(nil)
            })
    }

    static func sequence(_ text: String?, name: String) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw APIError.badRequest("\(name) must be an event's sequence (a whole number, 0 or more)")
        }
        return value
    }

    /// `?types=job.completed,printer.status`; nil for every type; an unknown name answers 400.
    static func types(_ text: String?) throws -> Set<String>? {
        guard let text, !text.isEmpty else { return nil }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let unknown = names.first(where: { !GatewayEvent.types.contains($0) }) {
            throw APIError.badRequest(
                "types: '\(unknown)' is not an event type; the types are \(GatewayEvent.types.joined(separator: ", "))")
        }
        return Set(names)
    }
}

extension HTTPField.Name {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}
