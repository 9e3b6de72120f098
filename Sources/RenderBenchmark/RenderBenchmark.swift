import Core
import Foundation

/// Prints how long rendering takes: 200 labels of each template in `templates/` (or the folder given),
/// repeated, with the median and the worst of the runs. `scripts/bench` runs it.
@main
struct RenderBenchmark {
    static func main() throws {
        let folder = CommandLine.arguments.dropFirst().first ?? "templates"
        let runs = 25
        let product = try load(folder, "product-gs1")
        let lot = try load(folder, "lot-label")
        let productData: [[String: JSONValue]] = (1...200).map { index in
            [
                "product_name": .string("Chicken thighs \(index)"), "gtin": .string("09501101530003"),
                "net_weight_kg": .number(1 + Double(index) / 1000), "production_date": .string("2026-11-22"),
                "expiry_date": .string("2026-12-02"), "lot": .string("L26112200\(String(format: "%02d", index % 100))"),
            ]
        }
        let lotData: [[String: JSONValue]] = (1...200).map { ["lot": .string("L2611220\(String(format: "%03d", $0))")] }
        for (template, data) in [(product, productData), (lot, lotData)] {
            var timings: [Duration] = []
            var bytes = 0
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let elapsed = try clock.measure {
                    bytes = 0
                    for values in data { bytes += try TemplateRenderer.render(template, data: values).get().utf8.count }
                }
                timings.append(elapsed)
            }
            timings.sort()
            let median = timings[runs / 2]
            print(
                "render \(template.name): 200 labels in \(ms(median)) ms median, \(ms(timings.last!)) ms worst "
                    + "(\(runs) runs); \(String(format: "%.1f", median.timeInterval * 1e6 / 200)) µs and "
                    + "\(bytes / 200) bytes of ZPL per label")
        }
    }

    static func load(_ folder: String, _ name: String) throws -> LabelTemplate {
        let text = try String(contentsOfFile: "\(folder)/\(name).zpl", encoding: .utf8)
        return try TemplateParser.parse(name: name, text: text)
    }

    static func ms(_ duration: Duration) -> String { String(format: "%.2f", duration.timeInterval * 1000) }
}
