import Core
import Foundation
import Logging
import PostgresNIO

/// A position in the newest-first job list, opaque to clients.
struct JobCursor {
    var createdAt: Date
    var id: UUID

    init(createdAt: Date, id: UUID) {
        self.createdAt = createdAt
        self.id = id
    }

    init(encoded: String) throws {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else {
            throw StoreError(.invalid, "the cursor is not one this gateway returned")
        }
        let parts = text.split(separator: "|")
        // Microseconds from 1970 to the end of year 9999: any other value is not a time this gateway wrote, and
        // one beyond Int64's range once rebased to 2000 would trap when bound to a query.
        guard parts.count == 2, let micros = Int64(parts[0]), (0...253_402_300_799_999_999).contains(micros),
            let id = UUID(uuidString: String(parts[1]))
        else {
            throw StoreError(.invalid, "the cursor is not one this gateway returned")
        }
        self.createdAt = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        self.id = id
    }

    var encoded: String {
        let micros = Int64((createdAt.timeIntervalSince1970 * 1_000_000).rounded())
        return Data("\(micros)|\(id.uuidString)".utf8).base64EncodedString()
    }
}
