import ArgumentParser
import Foundation
import Gateway
import Store

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    func run() async throws {
        let (_, configuration, logger) = try loadConfiguration()
        let applied = try await withDatabase(configuration, logger: logger) { client in
            try await Migrator(client: client, logger: logger).migrate()
        }
        print(
            applied.isEmpty
                ? "database is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
