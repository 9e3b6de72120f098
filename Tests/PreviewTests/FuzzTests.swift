import Foundation
import Testing

@testable import Preview

/// 10,000 random and mutated ZPL inputs from a seeded generator: none may crash, and each stays within the
/// renderer's own dot budget. The slowest input's time is printed, never asserted.
@Suite struct FuzzTests {
    /// SplitMix64: deterministic, so a failure replays.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        "^XA^FO50,50^A0N,60,60^FDHello^FS^XZ",
        "^XA^BY3^FO60,900^BCN,260,Y,N,N,D^FD(01)09501101530003(3103)001234^FS^XZ",
        "^XA^FO60,60^A0N,70,70^FB1080,2,0,L^FDChicken thighs and a long name^FS^XZ",
        "^XA^FO10,10^GB300,200,8,B,4^FS^FO20,20^GC100,4^FS^FO30,30^GE200,90,3^FS^FO5,5^GD50,80,3,B,L^FS^XZ",
        "^XA^FO0,0^GFA,40,40,4,FFFF0000IFgH,!:^FS^XZ",
        "^XA^FO100,100^BQN,2,6^FDQA,https://id.example.com/01/09501101530003^FS^XZ",
        "^XA^FO100,100^BXN,6,200,,,,_^FD_10109501101530003_110L1^FS^XZ",
        "^XA^FO10,10^BEN,80^FD950110153000^FS^FO300,10^BUN,80^FD03600029145^FS^XZ",
        "^XA^FO10,10^B3N,N,80^FDABC-123^FS^FO300,10^B2N,80^FD123456^FS^XZ",
        "^XA^LH10,10^LS20^LRY^POI^PW800^LL600^FWR^CF0,40^FO5,5^FH^FDa_5Eb^FS^PQ2^XZ",
        "~JA^XA^CC!!FO1,1!FDx!FS!XZ",
        "^XA^FO0,0^GFA,4,4,2,:Z64:eJz7zwAAAwEBAQ==:1234^FS^XZ",
    ]

    static let tokens: [String] = [
        "^XA", "^XZ", "^FO", "^FT", "^FS", "^FD", "^FH", "^FR", "^FB", "^A0N,", "^ADR,", "^GB", "^GC", "^GE", "^GD",
        "^GFA,", "^GFB,", "^BC", "^BE", "^BU", "^B3", "^B2", "^BQ", "^BX", "^BY", "^PQ", "^LH", "^LL", "^PW", "^LS",
        "^CC", "^CD", "^CT", "~CC", "^CI28", "^FW", "^CF", ">;", ">8", ">:", "_1", ":Z64:", ":B64:", ",", "99999",
        "-5", "32000", "0", "1", "N", "R", "I", "B", "Y", "D", "A", "QA,", "\\&", "_5E", "ÄÖ", "\u{0}", "\r\n",
    ]

    static func input(_ number: Int, _ generator: inout Generator) -> [UInt8] {
        if number % 3 == 0 {
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                text += tokens.randomElement(using: &generator)!
                if Bool.random(using: &generator) { text += String(Int.random(in: -10...40000, using: &generator)) }
            }
            return Array(text.utf8)
        }
        var bytes = Array(seeds[number % seeds.count].utf8)
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            let position = Int.random(in: 0...bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.insert(contentsOf: tokens.randomElement(using: &generator)!.utf8, at: position)
            case 2 where position < bytes.count: bytes.removeSubrange(position..<min(bytes.count, position + 4))
            default: bytes.insert(contentsOf: String(Int.random(in: 0...99999, using: &generator)).utf8, at: position)
            }
        }
        return bytes
    }

    @Test func randomAndMutatedInputs() {
        var generator = Generator(state: 16)
        let renderer = ZPLRenderer(options: PreviewOptions(dpi: 300, width: 812, height: 1218))
        let clock = ContinuousClock()
        var slowest = Duration.zero
        var slowestInput = 0
        var labels = 0
        for number in 0..<10_000 {
            let zpl = Self.input(number, &generator)
            var statistics = ZPLRenderer.Statistics()
            let elapsed = clock.measure {
                let result = renderer.run(zpl, drawing: true, only: number % 7 == 0 ? nil : 1)
                statistics = result.statistics
                labels += result.document.labels.count
                _ = result.document.labels.first?.bitmap?.png()
                _ = renderer.layout(zpl)
            }
            if elapsed > .milliseconds(40), ProcessInfo.processInfo.environment["PREVIEW_FUZZ_SHOW"] != nil {
                print("slow #\(number) \(elapsed): \(String(decoding: zpl, as: UTF8.self).debugDescription)")
            }
            if elapsed > slowest {
                slowest = elapsed
                slowestInput = number
            }
            #expect(statistics.paintedDots <= ZPLInterpreter.dotBudgetPerLabel * max(1, statistics.labelArea))
            #expect(statistics.commands <= zpl.count)
        }
        print(
            "fuzz: 10000 inputs, \(labels) labels; slowest input #\(slowestInput) took "
                + String(format: "%.2f ms", slowest.timeInterval * 1000))
    }
}
