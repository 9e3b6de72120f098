import Core
import Foundation
import Hummingbird

/// `/v1/printers` and `/v1/printer-models`.
struct PrinterController<Printers: PrinterStore> {
    let printers: Printers
    let transports: TransportRegistry
    let maxBodyBytes: Int
    var networks = PrinterNetworks([])

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.print)
            .get("printers", use: list)
            .get("printers/:name", use: show)
            .get("printer-models", use: models)
        group.requiring(.operate)
            .post("printers/:name/pause", use: pause)
            .post("printers/:name/resume", use: resume)
        group.requiring(.admin)
            .post("printers", use: create)
            .get("printers/discover", use: discover)
            .patch("printers/:name", use: update)
            .delete("printers/:name", use: delete)
    }

    struct CreateBody: Decodable {
        let name: String
        let uri: String
        let model: String?
        let site: String?
        let enabled: Bool?
        let description: String?
        let zplPolicy: String?

        enum CodingKeys: String, CodingKey {
            case name, uri, model, site, enabled, description
            case zplPolicy = "zpl_policy"
        }
    }

    struct PatchBody: Decodable {
        let uri: String?
        let model: String?
        let site: String?
        let enabled: Bool?
        let description: String?
        let zplPolicy: String?

        enum CodingKeys: String, CodingKey {
            case uri, model, site, enabled, description
            case zplPolicy = "zpl_policy"
        }
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        PrinterResource
    > {
        let body = try await request.decodeJSON(CreateBody.self, maxBytes: maxBodyBytes)
        guard Printer.isValidName(body.name) else {
            throw APIError.unprocessable(
                "invalid_field", "name must have \(ResourceName.rule)", details: ["field": .string("name")])
        }
        try await validate(uri: body.uri)
        let printer = Printer(
            name: body.name, uri: body.uri, model: body.model ?? PrinterModel.zebraZ230_300dpi.name,
            site: body.site ?? "", enabled: body.enabled ?? true, description: body.description ?? "",
            zplPolicy: try body.zplPolicy.map(Self.zplPolicy) ?? .default)
        do {
            let record = try await printers.create(printer)
            return EditedResponse(status: .created, response: resource(record))
        } catch let error as StoreError where error.code == .invalid {
            throw APIError.unprocessable("unknown_model", error.message, details: ["field": .string("model")])
        } catch let error as StoreError where error.code == .conflict {
            // The name taken, or another printer naming the same device.
            guard try await printers.find(name: printer.name) == nil else {
                throw APIError(.conflict, "printer_exists", error.message)
            }
            throw Self.sameDevice(error)
        }
    }

    private static func sameDevice(_ error: StoreError) -> APIError {
        APIError(.conflict, "same_device", error.message, details: ["field": .string("uri")])
    }

    @Sendable func pause(_ request: Request, context: GatewayRequestContext) async throws -> PrinterResource {
        resource(try await printers.setPaused(name: try await record(context).printer.name, true))
    }

    @Sendable func resume(_ request: Request, context: GatewayRequestContext) async throws -> PrinterResource {
        resource(try await printers.setPaused(name: try await record(context).printer.name, false))
    }

    private static func zplPolicy(_ text: String) throws -> ZPLPolicy {
        guard let policy = ZPLPolicy(rawValue: text) else {
            throw APIError.unprocessable(
                "invalid_field", "zpl_policy must be \(ZPLPolicy.names)", details: ["field": .string("zpl_policy")])
        }
        return policy
    }

    private func validate(uri: String) async throws {
        do {
            try transports.validate(uri)
            try await networks.check(uri: uri, transports: transports)
        } catch {
            throw APIError.unprocessable("invalid_uri", error.message, details: ["field": .string("uri")])
        }
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Page<PrinterResource> {
        Page(items: try await printers.list().map(resource), nextCursor: nil)
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> PrinterResource {
        resource(try await record(context))
    }

    @Sendable func update(_ request: Request, context: GatewayRequestContext) async throws -> PrinterResource {
        let stored = try await record(context).printer
        let body = try await request.decodeJSON(PatchBody.self, maxBytes: maxBodyBytes)
        // The URI as this API shows it, its password masked, sent back unchanged: the stored one stays.
        let uri = body.uri == PrinterURI.masked(stored.uri) ? nil : body.uri
        if let uri { try await validate(uri: uri) }
        let policy = try body.zplPolicy.map(Self.zplPolicy)
        do {
            let record = try await printers.update(
                name: stored.name,
                PrinterChanges(
                    uri: uri, model: body.model, site: body.site, enabled: body.enabled,
                    description: body.description, zplPolicy: policy))
            return resource(record)
        } catch let error as StoreError where error.code == .invalid {
            throw APIError.unprocessable("unknown_model", error.message, details: ["field": .string("model")])
        } catch let error as StoreError where error.code == .conflict {
            throw Self.sameDevice(error)
        }
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> HTTPResponse.Status {
        try await printers.delete(name: try await record(context).printer.name)
        return .noContent
    }

    struct Discovery: ResponseEncodable {
        let reports: [DiscoveryReport]
    }

    /// `?hosts=a,b` and/or `?subnet=a.b.c.d/24` add a `~HI` probe of port 9100 on those hosts.
    @Sendable func discover(_ request: Request, context: GatewayRequestContext) async throws -> Discovery {
        let query = request.uri.queryParameters
        let hosts = (query.get("hosts") ?? "").split(separator: ",").map(String.init)
        var discovery: DiscoveryRequest
        do { discovery = try DiscoveryRequest(hosts: hosts, subnet: query.get("subnet")) } catch {
            throw APIError.badRequest(error.message)
        }
        do { discovery = try await networks.allowed(discovery, named: hosts) } catch {
            throw APIError.unprocessable("host_not_allowed", error.message, details: ["field": .string("hosts")])
        }
        return Discovery(reports: await transports.discover(discovery))
    }

    @Sendable func models(_ request: Request, context: GatewayRequestContext) async throws -> Page<ModelResource> {
        Page(items: try await printers.models().map(ModelResource.init), nextCursor: nil)
    }

    private func record(_ context: GatewayRequestContext) async throws -> PrinterRecord {
        let name = context.parameters.get("name") ?? ""
        guard let record = try await printers.find(name: name) else {
            throw APIError.notFound("printer_not_found", "no printer named '\(name)'")
        }
        return record
    }

    private func resource(_ record: PrinterRecord) -> PrinterResource {
        PrinterResource(record: record, confirmation: transports.confirmation(for: record.printer.uri))
    }
}
