import Foundation
import Store

/// Labels printed and failed per hour over the last 24 hours, drawn by the server as SVG (bars of a given
/// geometry, with each hour's figures as the bar's title) and listed as a table for those who read numbers.
struct HourlyChart {
    struct Bar {
        let x: Int
        let printedY: Int
        let printedHeight: Int
        let failedY: Int
        let failedHeight: Int
        let hour: String
        let printed: Int
        let failed: Int
    }

    struct Tick {
        let x: Int
        let text: String
    }

    static let width = 744
    static let height = 200
    static let plotTop = 10
    static let plotBottom = 170
    static let left = 48
    static let slot = 28

    let width = Self.width
    let height = Self.height
    let bars: [Bar]
    let ticks: [Tick]
    let maximum: Int
    let maximumY = Self.plotTop + 4
    let baseY = Self.plotBottom
    let axisX = Self.left - 4
    let labelY = Self.plotBottom + 18
    let totalPrinted: Int
    let totalFailed: Int

    /// The 24 hours ending with the one `now` is in.
    init(printed: [HealthFigures.Hourly], failed: [HealthFigures.Hourly], now: Date) {
        let hour = 3600.0
        let current = (now.timeIntervalSince1970 / hour).rounded(.down) * hour
        let hours = (0..<24).map { Date(timeIntervalSince1970: current - Double(23 - $0) * hour) }
        func byHour(_ counts: [HealthFigures.Hourly]) -> [Int: Int] {
            Dictionary(counts.map { (Int($0.hour.timeIntervalSince1970.rounded()), $0.count) }, uniquingKeysWith: +)
        }
        let (printedBy, failedBy) = (byHour(printed), byHour(failed))
        let counts = hours.map { hour in
            let key = Int(hour.timeIntervalSince1970.rounded())
            return (printedBy[key] ?? 0, failedBy[key] ?? 0)
        }
        maximum = max(1, counts.map { $0.0 + $0.1 }.max() ?? 0)
        let plot = Self.plotBottom - Self.plotTop
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).time(includingFractionalSeconds: false)
        var bars: [Bar] = []
        var ticks: [Tick] = []
        for (index, start) in hours.enumerated() {
            let (p, f) = counts[index]
            let printedHeight = plot * p / maximum
            let failedHeight = plot * f / maximum
            let x = Self.left + index * Self.slot
            let label = String(style.format(start).prefix(5))
            bars.append(
                Bar(
                    x: x + 2, printedY: Self.plotBottom - printedHeight, printedHeight: printedHeight,
                    failedY: Self.plotBottom - printedHeight - failedHeight, failedHeight: failedHeight,
                    hour: label, printed: p, failed: f))
            if index % 3 == 0 { ticks.append(Tick(x: x + Self.slot / 2, text: label)) }
        }
        self.bars = bars
        self.ticks = ticks
        totalPrinted = counts.reduce(0) { $0 + $1.0 }
        totalFailed = counts.reduce(0) { $0 + $1.1 }
    }
}
