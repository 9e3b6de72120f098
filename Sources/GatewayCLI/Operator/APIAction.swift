import Gateway

/// `POST path` with `body`, with a token of `scope`: the resource it answers (a job, a printer), in a sentence or as
/// the API's JSON.
struct APIAction<Resource: Decodable & Sendable> {
    let path: String
    var body: [String: Any] = [:]
    let scope: Scope
    let output: OutputOptions

    /// `POST /v1/jobs/{id}/ACTION`.
    static func job(_ id: String, _ action: String, body: [String: Any] = [:], scope: Scope, output: OutputOptions)
        -> APIAction<JobSummary>
    {
        APIAction<JobSummary>(
            path: "/v1/jobs/\(GatewayAPI.escaped(id))/\(action)", body: body, scope: scope, output: output)
    }

    /// `POST /v1/printers/{name}/ACTION`, which runs the queue (`operate`).
    static func printer(_ name: String, _ action: String, output: OutputOptions) -> APIAction<PrinterSummary> {
        APIAction<PrinterSummary>(
            path: "/v1/printers/\(GatewayAPI.escaped(name))/\(action)", scope: .operate, output: output)
    }

    func run(said: (Resource) -> String) async throws {
        try await reportingErrors {
            let api = try await GatewayAPI.configured(for: scope)
            let (resource, json) = try await api.call(Resource.self, .POST, path, body: body)
            if output.json { output.printJSON(json) } else { print(said(resource)) }
        }
    }
}
