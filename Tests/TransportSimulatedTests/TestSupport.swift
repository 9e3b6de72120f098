import Core
import Foundation
import TransportSimulated

/// The bytes of a ZPL string.
func zpl(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A label format with a marker in its field data.
func label(_ marker: String, dots: Int? = nil, copies: Int? = nil) -> String {
    "^XA" + (dots.map { "^LL\($0)" } ?? "") + (copies.map { "^PQ\($0)" } ?? "")
        + "^FO50,50^FD\(marker)^FS^XZ"
}

/// A simulated printer on a virtual clock.
func makePrinter(
    media: Int = 10_000, faults: [SimulatedPrinter.Fault] = [], clock: VirtualClock = VirtualClock()
) -> (SimulatedPrinter, VirtualClock) {
    let printer = SimulatedPrinter(
        configuration: .init(name: "test", media: media, faults: faults), clock: clock)
    return (printer, clock)
}

/// Seconds one 1,200-dot label takes at 6 in/s and 300 dpi.
let labelSeconds = 1_200.0 / (300.0 * 6.0)

extension VirtualClock {
    func advance(seconds: Double) { advance(by: Duration(timeInterval: seconds)) }
}

/// The `STX text ETX CR LF` framing written out by hand.
func framed(_ lines: String...) -> [UInt8] {
    lines.flatMap { [0x02] + Array($0.utf8) + [0x03, 0x0D, 0x0A] }
}
