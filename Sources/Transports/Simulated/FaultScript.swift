import Foundation

/// The scripted faults of a simulated printer that are armed or in effect.
struct FaultScript: Sendable {
    /// Faults that strike when a given label would print (`paper_out@N`, `head_open@N`, …).
    var labelFaults: [SimulatedPrinter.Fault] = []
    /// Byte counts of `reset@K` faults, the first one armed.
    var pendingResets: [Int] = []
    var bytesTowardReset = 0
    var silentAfterLabels: Int? = nil
    var garbled = false
    var blackhole = false
    var refusals: [ClosedRange<Date>] = []
    var pendingRefusals: [(afterLabels: Int, seconds: Double)] = []

    /// Puts a fault into effect; faults "from the start" start at `date`.
    mutating func arm(_ fault: SimulatedPrinter.Fault, at date: Date, labelsPrinted: Int) {
        switch fault {
        case .paperOut, .headOpen, .ribbonOut, .pause: labelFaults.append(fault)
        case .reset(let bytes): pendingResets.append(bytes)
        case .silent(let labels): silentAfterLabels = min(silentAfterLabels ?? labels, labels)
        case .garbled: garbled = true
        case .blackhole: blackhole = true
        case .refuse(let seconds, nil):
            refusals.append(date...date.addingTimeInterval(seconds))
        case .refuse(let seconds, let labels?):
            if labels <= labelsPrinted {
                refusals.append(date...date.addingTimeInterval(seconds))
            } else {
                pendingRefusals.append((labels, seconds))
            }
        }
    }

    /// Takes out the faults scripted for label `sequence`.
    mutating func takeLabelFaults(for sequence: Int) -> [SimulatedPrinter.Fault] {
        let due = labelFaults.filter { $0.label == sequence }
        labelFaults.removeAll { $0.label == sequence }
        return due
    }

    /// Starts the refusals scripted to follow label `printed`, which printed at `date`.
    mutating func labelPrinted(_ printed: Int, at date: Date) {
        for refusal in pendingRefusals where refusal.afterLabels == printed {
            refusals.append(date...date.addingTimeInterval(refusal.seconds))
        }
        pendingRefusals.removeAll { $0.afterLabels == printed }
    }

    func isSilent(labelsPrinted: Int) -> Bool {
        silentAfterLabels.map { labelsPrinted >= $0 } ?? false
    }

    func isRefusing(at date: Date) -> Bool { refusals.contains { $0.contains(date) } }
}

extension SimulatedPrinter.Fault {
    /// The label a print fault is scripted for.
    var label: Int? {
        switch self {
        case .paperOut(let label), .headOpen(let label), .ribbonOut(let label), .pause(let label): label
        default: nil
        }
    }
}
