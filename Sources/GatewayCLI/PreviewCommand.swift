import ArgumentParser
import Foundation
import Gateway
import Preview

/// `gateway preview`: a label as PNG. A ZPL file is drawn here, by the gateway's own renderer, with no server; a
/// template's label is drawn by the gateway at GATEWAY_URL, which holds the templates.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a label to PNG: a ZPL file locally, or a template's label over the API.",
        discussion: """
            FILE.zpl is rendered on this machine (no server needed) at --dpi, with the label's ^PW and ^LL unless \
            --width and --height (dots) are given; --label picks one of its formats. Pre-flight's findings (a \
            field past an edge, a cut quiet zone, text past its ^FB block) and the renderer's warnings are printed \
            on standard error. With --template, --data names a JSON file with one label's fields; the gateway at \
            GATEWAY_URL renders it (GATEWAY_TOKEN). The PNG goes to -o, else next to FILE as FILE.png, else \
            (for --template, or FILE "-") to standard output.
            """)

    @Argument(help: "A ZPL file (\"-\" for standard input).") var file: String?
    @Option(help: "The printer's resolution: 152, 203, 300 or 600.") var dpi = 300
    @Option(help: "Label width in dots (default: the label's ^PW, else 4 in).") var width: Int?
    @Option(help: "Label height in dots (default: the label's ^LL, else 6 in).") var height: Int?
    @Option(help: "Which label of the file, from 1.") var label = 1
    @Option(help: "A template to render with --data, over the API.") var template: String?
    @Option(help: "One label's fields: a JSON file (\"-\" for standard input).") var data: String?
    @Option(name: [.customShort("o"), .long], help: "Where to write the PNG (\"-\": standard output).")
    var output: String?

    func validate() throws {
        switch (file, template, data) {
        case (_?, nil, nil): break
        case (nil, _?, _?): break
        case (nil, nil, _): throw ValidationError("give a ZPL file, or --template with --data")
        case (_, _?, nil): throw ValidationError("--template needs --data, the file with the label's fields")
        case (_, nil, _?): throw ValidationError("--data goes with --template")
        case (_?, _?, _?): throw ValidationError("give a ZPL file or --template, not both")
        }
        guard [152, 203, 300, 600].contains(dpi) else { throw ValidationError("--dpi must be 152, 203, 300 or 600") }
        if let width, !(1...4_800).contains(width) { throw ValidationError("--width must be 1 to 4800 dots") }
        if let height, !(1...12_000).contains(height) { throw ValidationError("--height must be 1 to 12000 dots") }
        guard label >= 1 else { throw ValidationError("--label must be 1 or more") }
    }

    func run() async throws {
        try await reportingErrors {
            if let template, let data {
                let fields = try Print.labels(fromJSON: Print.read(data), file: data)
                guard fields.count == 1, let object = fields.first as? [String: Any] else {
                    throw OperatorError(.setup, "\(data) must hold one label's fields (one object)")
                }
                let body: Data
                do { body = try JSONSerialization.data(withJSONObject: object) } catch {
                    throw OperatorError(.setup, "\(data) cannot be sent as JSON: \(error)")
                }
                let api = try await GatewayAPI.configured(for: .print)
                let png = try await api.send(.POST, "/v1/templates/\(GatewayAPI.escaped(template))/preview", json: body)
                try write(png, to: output ?? "-")
            } else if let file {
                try renderLocally(file)
            }
        }
    }

    private func renderLocally(_ file: String) throws(OperatorError) {
        let zpl = [UInt8](try Print.read(file))
        let options = PreviewOptions(dpi: dpi, width: width, height: height)
        let (document, drawn) = LabelPicture.draw(zpl, number: label, options: options)
        guard let drawn, let bitmap = drawn.bitmap else {
            let count = document.labels.count
            throw OperatorError(
                .setup,
                count == 0
                    ? "\(file) holds no label (^XA…^XZ)"
                    : "\(file) has \(count) label\(count == 1 ? "" : "s"), not \(label)")
        }
        for warning in document.warnings where warning.label == label {
            Self.say(
                "warning: label \(warning.label), \(warning.command) at byte \(warning.offset): \(warning.message)")
        }
        for issue in Preflight.issues(in: drawn) { Self.say("pre-flight: \(issue.message)") }
        let target = output ?? (file == "-" ? "-" : Self.png(besides: file))
        try write(Data(bitmap.png()), to: target)
        if target != "-" {
            Self.say(
                "label \(label) of \(document.labels.count), \(drawn.width)×\(drawn.height) dots at \(dpi) dpi → \(target)"
            )
        }
    }

    /// `label.zpl` → `label.png`; any other name gets `.png` added.
    static func png(besides file: String) -> String {
        (file.lowercased().hasSuffix(".zpl") ? String(file.dropLast(4)) : file) + ".png"
    }

    private func write(_ png: Data, to target: String) throws(OperatorError) {
        if target == "-" {
            FileHandle.standardOutput.write(png)
            return
        }
        do { try png.write(to: URL(fileURLWithPath: target)) } catch {
            throw OperatorError(.setup, "cannot write \(target): \(error.localizedDescription)", underlying: error)
        }
    }

    private static func say(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
