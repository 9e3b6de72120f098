import ArgumentParser
import Foundation

extension Printers {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List printers with their live status (over the API at GATEWAY_URL), as lpstat -p does.")

        @Option(help: "Only the printers of this site.") var site: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingErrors {
                let api = try await GatewayAPI.configured(for: .print)
                let (printers, json) = try await Self.all(api)
                if output.json { return output.printJSON(json) }
                let shown = printers.filter { site == nil || $0.site == site }
                guard !shown.isEmpty else { return print("no printers") }
                let terminal = Terminal.standardOutput
                var table = Table(columns: [
                    .init(title: "NAME"), .init(title: "STATE", style: PrinterSummary.style), .init(title: "REASONS"),
                    .init(title: "SITE"), .init(title: "URI"), .init(title: "CHECKED", shrinks: false),
                ])
                table.rows = shown.map { printer in
                    [
                        printer.name, printer.state,
                        printer.status.reasons.isEmpty ? "-" : printer.status.reasons.joined(separator: ","),
                        printer.site ?? "-", printer.uri, Timestamp.age(printer.status.checkedAt),
                    ]
                }
                table.lines(width: terminal.width, terminal: terminal).forEach { print($0) }
            }
        }

        /// Every printer, page after page; the JSON is the first page's when there is one, else all items in one.
        static func all(_ api: GatewayAPI) async throws(OperatorError) -> ([PrinterSummary], Data) {
            var printers: [PrinterSummary] = []
            var pages: [Data] = []
            var cursor: String?
            repeat {
                var query = [("limit", "500")]
                if let cursor { query.append(("cursor", cursor)) }
                let (page, json) = try await api.get(ListPage<PrinterSummary>.self, "/v1/printers", query: query)
                printers += page.items
                pages.append(json)
                cursor = page.nextCursor
            } while cursor != nil
            return (printers, pages.count == 1 ? pages[0] : Self.merged(pages))
        }

        /// The items of several pages as one `{"items": [...], "next_cursor": null}`.
        private static func merged(_ pages: [Data]) -> Data {
            let items = pages.flatMap { page in
                ((try? JSONSerialization.jsonObject(with: page)) as? [String: Any])?["items"] as? [Any] ?? []
            }
            let object: [String: Any] = ["items": items, "next_cursor": NSNull()]
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        }
    }
}
