import Core
import Foundation
import Preview

/// Prints how long previews take in this build: render-to-PNG and layout of the shipped templates and of a dense
/// 4 × 6 in label at 300 dpi (median and p99 of repeated runs). `preview-benchmark --png FILE.zpl OUT.png [DPI]`
/// renders one file's first label instead, to compare with another renderer; `--samples DIR` writes each
/// benchmark label's ZPL and PNG there.
@main
struct PreviewBenchmark {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--png", arguments.count >= 3 {
            let zpl = try [UInt8](Data(contentsOf: URL(fileURLWithPath: arguments[1])))
            let dpi = arguments.count > 3 ? Int(arguments[3]) ?? 300 : 300
            let document = ZPLRenderer(options: PreviewOptions(dpi: dpi)).render(zpl)
            for warning in document.warnings { print("warning at \(warning.offset): \(warning.message)") }
            guard let bitmap = document.labels.first?.bitmap else { return print("no label") }
            try Data(bitmap.png()).write(to: URL(fileURLWithPath: arguments[2]))
            for element in document.labels[0].elements {
                print(element.command, element.box, element.data ?? "")
            }
            return
        }
        let samplesFolder = arguments.firstIndex(of: "--samples").flatMap {
            arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil
        }
        let folder = arguments.first { !$0.hasPrefix("--") && $0 != samplesFolder } ?? "templates"
        var labels: [(String, [UInt8])] = []
        let product = try TemplateParser.parse(
            name: "product-gs1", text: String(contentsOfFile: "\(folder)/product-gs1.zpl", encoding: .utf8))
        let lot = try TemplateParser.parse(
            name: "lot-label", text: String(contentsOfFile: "\(folder)/lot-label.zpl", encoding: .utf8))
        let productZPL = try TemplateRenderer.render(product, data: Samples.product).get()
        labels.append(("product-gs1 (4×6 in)", Array(productZPL.utf8)))
        labels.append(("lot-label (4×1 in)", Array(try TemplateRenderer.render(lot, data: Samples.lot).get().utf8)))
        let matrix = try TemplateParser.parse(
            name: "product-gs1-2d", text: String(contentsOfFile: "\(folder)/product-gs1-2d.zpl", encoding: .utf8))
        labels.append(
            (
                "product-gs1-2d (4×6 in)",
                Array(
                    try TemplateRenderer.render(matrix, data: Samples.product.filter { $0.key != "production_date" })
                        .get().utf8)
            ))
        labels.append(("dense (4×6 in)", Samples.dense))
        labels.append(("bitmap-fonts (4×6 in)", Samples.bitmapFonts))
        let renderer = ZPLRenderer(options: PreviewOptions(dpi: 300))
        // What a template job's pre-flight adds per label: the template rendered again, naming its fields.
        let named = measure(runs: 2000) {
            _ = TemplateRenderer.render(product, data: Samples.product, namingFields: true)
        }
        print("product-gs1: template render naming its fields \(ms(named.median)) ms median, \(ms(named.p99)) ms p99")
        for (name, zpl) in labels {
            let document = renderer.render(zpl)
            if let samplesFolder, let bitmap = document.labels.first?.bitmap {
                let stem = samplesFolder + "/" + name.prefix { $0 != " " }
                try Data(zpl).write(to: URL(fileURLWithPath: stem + ".zpl"))
                try Data(bitmap.png()).write(to: URL(fileURLWithPath: stem + ".png"))
            }
            let warnings = document.warnings.count
            let png = document.labels.first?.bitmap?.png().count ?? 0
            let toPNG = measure(runs: 200) { _ = renderer.render(zpl).labels.first?.bitmap?.png() }
            let layout = measure(runs: 2000) { _ = renderer.layout(zpl) }
            let check = measure(runs: 2000) { _ = Preflight.issues(in: renderer.layout(zpl), printableWidth: 1248) }
            print(
                "\(name): render to PNG \(ms(toPNG.median)) ms median, \(ms(toPNG.p99)) ms p99; layout "
                    + "\(ms(layout.median)) ms median, \(ms(layout.p99)) ms p99; pre-flight (layout and rules) "
                    + "\(ms(check.median)) ms median, \(ms(check.p99)) ms p99; \(document.labels.first?.elements.count ?? 0) "
                    + "elements, \(png) bytes of PNG, \(warnings) warnings")
        }
    }

    static func measure(runs: Int, _ body: () -> Void) -> (median: Duration, p99: Duration) {
        body()
        let clock = ContinuousClock()
        var timings = (0..<runs).map { _ in clock.measure(body) }
        timings.sort()
        return (timings[runs / 2], timings[min(runs - 1, runs * 99 / 100)])
    }

    static func ms(_ duration: Duration) -> String { String(format: "%.3f", duration.timeInterval * 1000) }
}
