import Core
import Foundation

extension SimulatedPrinter {
    /// Catches the model up with the clock: finishes the labels whose time has come and starts the next ones.
    /// Conditions change only when the model is touched, so the state since the last touch holds throughout.
    func advance() {
        let now = clock.now
        while true {
            if let start = labelStartedAt, let printing = current {
                let end = start.addingTimeInterval(
                    configuration.secondsPerLabel(dots: printing.format.labelDots))
                guard end <= now else { break }
                finishLabel(at: end)
                cursor = end
                continue
            }
            guard startLabel(at: cursor) else { break }
        }
        if labelStartedAt == nil { cursor = max(cursor, now) }
    }

    /// Starts the next label at `date` when the printer can print and has one; applies faults scripted for it.
    private func startLabel(at date: Date) -> Bool {
        guard !faults.blackhole, canPrintNow else { return false }
        if current == nil {
            guard !buffer.isEmpty else { return false }
            let format = buffer.removeFirst()
            current = (format, format.copies)
        }
        let sequence = records.count + 1
        for fault in faults.takeLabelFaults(for: sequence) {
            switch fault {
            case .paperOut: media = 0
            case .headOpen: headOpen = true
            case .ribbonOut: ribbonOut = true
            case .pause: paused = true
            default: break
            }
        }
        if media <= 0 { paperOut = true }
        guard canPrintNow else { return false }
        labelStartedAt = date
        return true
    }

    private var canPrintNow: Bool { !paperOut && !headOpen && !ribbonOut && !paused }

    private func finishLabel(at date: Date) {
        guard var printing = current else { return }
        labelStartedAt = nil
        let copy = printing.format.copies - printing.remaining + 1
        let label = PrintedLabel(
            sequence: records.count + 1, copy: copy, format: printing.format.bytes,
            connection: printing.format.connection, printedAt: date)
        records.append(label)
        sink?.write(label)
        media -= 1
        printing.remaining -= 1
        statistics[printing.format.connection, default: .init()].labelsPrinted += 1
        if printing.remaining <= 0 {
            statistics[printing.format.connection, default: .init()].formatsPrinted += 1
            current = nil
        } else {
            current = printing
        }
        faults.labelPrinted(records.count, at: date)
    }

    /// `~JA`: drops every buffered format and what is left of the running batch; the label under the head finishes.
    func cancelAll() {
        for format in buffer { statistics[format.connection, default: .init()].formatsCancelled += 1 }
        buffer.removeAll()
        if let printing = current {
            if labelStartedAt != nil {
                current = (printing.format, 1)
            } else {
                statistics[printing.format.connection, default: .init()].formatsCancelled += 1
                current = nil
            }
        }
    }
}
