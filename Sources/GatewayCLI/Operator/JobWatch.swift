import AsyncHTTPClient
import Foundation

/// Follows one job until it ends, showing every change: the event stream (`GET /v1/events/stream`) tells each as it
/// happens. The stream is opened before the job is read, so nothing between the read and the stream is missed;
/// when the stream cannot be opened or breaks, the job is read again after ``retryInterval`` and the stream
/// reopened after the last event seen, so a gateway that restarts or a proxy that drops the stream costs a second.
struct JobWatch {
    static let types = "job.queued,job.printing,job.waiting,job.progress,job.completed,job.failed,job.cancelled"

    let api: GatewayAPI
    let id: String
    var retryInterval: Duration = .seconds(1)

    /// The job as it ended, after `show` has seen each state on the way.
    func follow(_ show: (JobSummary) -> Void) async throws(OperatorError) -> JobSummary {
        let path = "/v1/jobs/\(GatewayAPI.escaped(id))"
        var lastEventID: String?
        var current: JobSummary?
        while true {
            let stream = try? await api.stream(
                "/v1/events/stream", query: [("types", Self.types)],
                headers: lastEventID.map { [("Last-Event-ID", $0)] } ?? [])
            let read = try await api.get(JobSummary.self, path).value
            if current.map({ read.isNewer(than: $0) }) ?? true {
                current = read
                show(read)
            }
            if read.hasEnded { return read }
            if let stream {
                var parser = ServerSentEventParser()
                do {
                    for try await buffer in stream.body {
                        for event in parser.feed(buffer.readableBytesView) {
                            lastEventID = event.id ?? lastEventID
                            guard let job = Self.job(in: event), job.id == read.id else { continue }
                            if let known = current, !job.isNewer(than: known) { continue }
                            current = job
                            show(job)
                            if job.hasEnded { return job }
                        }
                    }
                } catch {
                    // The stream broke: read the job again and reopen it below.
                }
            }
            do { try await Task.sleep(for: retryInterval) } catch {
                throw OperatorError(.setup, "stopped watching job \(id)")
            }
        }
    }

    private struct Envelope: Decodable {
        struct Content: Decodable { let job: JobSummary? }
        let data: Content
    }

    /// The job an event carries, nil for another kind of event.
    static func job(in event: ServerSentEvent) -> JobSummary? {
        try? GatewayAPI.decode(Envelope.self, Data(event.data.utf8), from: "/v1/events/stream").data.job
    }
}
