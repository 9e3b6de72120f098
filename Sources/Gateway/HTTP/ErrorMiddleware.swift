import Core
import Foundation
import Hummingbird
import Logging

/// Gives every error the API's shape, once, at the edge: submission, store and framework errors are mapped here and
/// nowhere else.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as SubmissionError {
            throw Self.map(error)
        } catch let error as StoreError {
            throw Self.map(error)
        } catch let error as HTTPError {
            throw Self.map(error)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, "internal_error", "the gateway failed to answer; see its log")
        }
    }

    static func map(_ error: SubmissionError) -> APIError {
        var details: [String: JSONValue] = [:]
        if let field = error.field { details["field"] = .string(field) }
        if let count = error.labelCount {
            details["label_count"] = .integer(count)
            details["max"] = .integer(JobLimits.maxLabels)
        }
        if !error.problems.isEmpty {
            details["labels"] = .array(
                error.problems.map { problem in
                    var item: [String: JSONValue] = [
                        "label": .integer(problem.label), "field": .string(problem.field),
                        "message": .string(problem.message),
                    ]
                    if let command = problem.command { item["command"] = .string(command) }
                    if let offset = problem.offset { item["offset"] = .integer(offset) }
                    return .object(item)
                })
        }
        let (status, code): (HTTPResponse.Status, String) =
            switch error.code {
            case .tooManyLabels: (.contentTooLarge, "too_many_labels")
            case .templateGone: (.conflict, "unknown_template")
            case .cannotRerender: (.conflict, "cannot_rerender")
            case .invalidField: (.unprocessableContent, "invalid_field")
            case .invalidRequest: (.unprocessableContent, "invalid_request")
            case .noLabels: (.unprocessableContent, "no_labels")
            case .invalidLabels: (.unprocessableContent, "invalid_labels")
            case .zplCommandNotAllowed: (.unprocessableContent, "zpl_command_not_allowed")
            case .unknownTemplate: (.unprocessableContent, "unknown_template")
            case .templateUnavailable: (.unprocessableContent, "template_unavailable")
            case .unknownPrinter: (.unprocessableContent, "unknown_printer")
            case .templateDoesNotFit: (.unprocessableContent, "template_does_not_fit")
            default: (.unprocessableContent, "\(error.code)")
            }
        return APIError(status, code, error.message, details: details)
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
