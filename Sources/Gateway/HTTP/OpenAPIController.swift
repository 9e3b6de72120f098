import Foundation
import Hummingbird

/// `GET /openapi.json`: the API's OpenAPI document, kept in the repository beside the code.
struct OpenAPIController {
    let document: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw APIError(.internalServerError, "internal_error", "the OpenAPI document is missing from the build")
        }
        document = ByteBuffer(bytes: try Data(contentsOf: url))
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        let document = self.document
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
