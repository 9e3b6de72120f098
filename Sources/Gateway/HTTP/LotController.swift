import Core
import Foundation
import Hummingbird

/// `/v1/lots`: lot numbers handed out by the gateway.
struct LotController<Lots: LotStore> {
    let lots: Lots
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.requiring(.print)
            .post("lots", use: allocate)
            .get("lots/:lot", use: show)
    }

    struct AllocateBody: Decodable { let count: Int }

    struct Allocated: ResponseEncodable { let lots: [String] }

    @Sendable func allocate(_ request: Request, context: GatewayRequestContext) async throws -> EditedResponse<
        Allocated
    > {
        let body = try await request.decodeJSON(AllocateBody.self, maxBytes: maxBodyBytes)
        let allocated = try await LotRequest(count: body.count).allocate(from: lots)
        return EditedResponse(status: .created, response: Allocated(lots: allocated))
    }

    @Sendable func show(_ request: Request, context: GatewayRequestContext) async throws -> LotResource {
        let lot = context.parameters.get("lot") ?? ""
        guard let record = try await lots.find(lot) else {
            throw APIError.notFound("lot_not_found", "lot '\(lot)' was never allocated by this gateway")
        }
        return LotResource(record: record)
    }
}
