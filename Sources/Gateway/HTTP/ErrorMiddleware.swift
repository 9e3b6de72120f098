import Foundation
import Hummingbird
import Logging
import Store

/// Gives every error the API's shape, once, at the edge: store and framework errors are mapped here and nowhere else.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw Self.map(error)
        } catch let error as HTTPError {
            throw Self.map(error)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, "internal_error", "the gateway failed to answer; see its log")
        }
    }

    static func map(_ error: StoreError) -> APIError {
        switch error.code {
        case .notFound: APIError(.notFound, "not_found", error.message)
        case .conflict: APIError(.conflict, "conflict", error.message)
        case .invalid: APIError(.unprocessableContent, "invalid", error.message)
        default: APIError(.serviceUnavailable, "database_unavailable", "the database is unavailable; try again shortly")
        }
    }

    static func map(_ error: HTTPError) -> APIError {
        let message = error.body ?? error.status.reasonPhrase
        switch error.status {
        case .notFound: return APIError(.notFound, "not_found", "no such route")
        case .methodNotAllowed: return APIError(.methodNotAllowed, "method_not_allowed", message)
        case .contentTooLarge: return APIError(.contentTooLarge, "body_too_large", message)
        case .unauthorized: return APIError.unauthorized(message)
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return APIError(error.status, code, message)
        }
    }
}
