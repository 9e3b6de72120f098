import Foundation

extension SimulatedPrinter {
    /// Loads a new roll of `count` labels and clears paper out; printing continues.
    public func loadMedia(_ count: Int = 10_000) {
        advance()
        media = max(0, count)
        paperOut = media == 0
        advance()
    }

    /// Opens the print head: printing stops and the label under the head is printed again once it closes.
    public func openHead() {
        advance()
        headOpen = true
        labelStartedAt = nil
    }

    public func closeHead() {
        advance()
        headOpen = false
        advance()
    }

    /// Loads a new ribbon and clears ribbon out.
    public func loadRibbon() {
        advance()
        ribbonOut = false
        advance()
    }

    /// Pauses after the label under the head, as the pause key or `~PP` does.
    public func pause() {
        advance()
        paused = true
    }

    /// Resumes printing, as the pause key or `~PS` does.
    public func resume() {
        advance()
        paused = false
        advance()
    }

    /// Adds a fault now; faults "from the start" (`silent`, `refuse=S`) start now.
    public func add(_ fault: Fault) {
        advance()
        faults.arm(fault, at: clock.now, labelsPrinted: records.count)
        advance()
    }

    /// Removes every scripted fault not yet triggered and ends lasting ones (silent, garbled, blackhole, refusal).
    /// Conditions already in effect stay until their own remedy: ``loadMedia(_:)``, ``closeHead()``,
    /// ``loadRibbon()``, ``resume()``.
    public func clearFaults() {
        advance()
        faults = FaultScript()
        advance()
    }

    /// Clears every condition and fault: new media and ribbon, head closed, not paused.
    public func repair() {
        clearFaults()
        if media <= 0 { media = configuration.media > 0 ? configuration.media : 10_000 }
        paperOut = false
        headOpen = false
        ribbonOut = false
        paused = false
        advance()
    }
}
