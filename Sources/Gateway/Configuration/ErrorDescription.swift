import PostgresNIO
import Store

/// A one-line account of an error for a person at a terminal or in a log: the database's own message for
/// PostgreSQL errors (PostgresNIO hides it from `description`), never a password.
public func describe(_ error: any Error) -> String {
    if let transaction = error as? PostgresTransactionError {
        if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            return describe(inner)
        }
    }
    if let store = error as? StoreError {
        return store.underlying.map { "\(store.message): \(describe($0))" } ?? store.message
    }
    if let psql = error as? PSQLError {
        if let message = psql.serverInfo?[.message] {
            let state = psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "PostgreSQL: \(message)\(state)"
        }
        let underlying = psql.underlying.map { ": \($0)" } ?? ""
        return "PostgreSQL \(psql.code)\(underlying)"
    }
    return String(describing: error)
}
