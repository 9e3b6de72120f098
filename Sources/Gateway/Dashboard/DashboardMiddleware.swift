import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Every dashboard answer: GET and HEAD only (anything else is 405), the security headers, and a page for every
/// error (404, 503 while the database is down, 500) instead of a stack trace.
struct DashboardMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let renderer: DashboardRenderer
    let logger: Logger

    /// Same-origin styles and images only, no scripts at all, no framing, forms only to the dashboard itself.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
        + "frame-ancestors 'none'"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        if request.method == .get || request.method == .head {
            do {
                response = try await next(request, context)
            } catch {
                response = errorPage(for: error, request: request)
            }
        } else {
            response = errorPage(
                .methodNotAllowed, "Nothing can be changed here",
                "The dashboard only shows; it changes nothing. Use the API to change jobs and printers.",
                request: request)
            response.headers[.allow] = "GET, HEAD"
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func errorPage(for error: any Error, request: Request) -> Response {
        if let error = error as? HTTPError, error.status == .notFound {
            return errorPage(
                .notFound, "Not found",
                error.body ?? "There is no page at this address. The links above lead to every page.",
                request: request)
        }
        if let error = error as? StoreError {
            switch error.code {
            case .unavailable:
                logger.warning("dashboard page without the database", metadata: ["error": "\(error)"])
                return errorPage(
                    .serviceUnavailable, "The database is unavailable",
                    "The gateway cannot reach its database right now, so this page cannot show anything. "
                        + "Printing that is under way goes on; try again shortly.",
                    request: request)
            case .invalid:
                return errorPage(
                    .badRequest, "This address is not one the dashboard made", error.message,
                    request: request)
            default: break
            }
        }
        logger.error("dashboard page failed", metadata: ["error": "\(String(reflecting: error))"])
        return errorPage(
            .internalServerError, "Something went wrong",
            "This page could not be made. The gateway's log says why.", request: request)
    }

    private func errorPage(
        _ status: HTTPResponse.Status, _ heading: String, _ message: String, request: Request
    ) -> Response {
        let chrome = Chrome(title: heading, path: request.uri.path, query: [], refresh: nil, now: Date())
        let page = ErrorPage(chrome: chrome, status: status.code, heading: heading, message: message)
        return renderer.page("error", page, status: status)
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
