/// How fast one printer prints, learnt from its confirmations, and what follows from it: how many labels to keep
/// in flight and when to ask again.
///
/// The window is measured in labels and in printing time. ``EngineConfiguration/window`` labels is the most ever
/// in flight (the bound on reprints after a crash, set by the operator); within it, the printer holds about
/// ``EngineConfiguration/windowDuration`` of printing, so that a fast printer gets the whole window and a slow one
/// only what it prints in that time (a cancel or a hold then stops it soon). Polls follow what the printer
/// holds: while labels are in flight the next question goes out when about half a label has printed, at once on a
/// printer faster than a question's round trip, and never later than ``EngineConfiguration/pollInterval``.
struct PrintPace: Sendable, Hashable {
    /// Seconds one label takes, a moving average; nil until the printer has confirmed labels while busy.
    private(set) var secondsPerLabel: Double?

    /// The weight of the newest measurement in the moving average.
    static let smoothing = 0.3
    /// Labels in flight before the printer's speed is known: enough to keep a Z230 busy, few enough that a slow
    /// printer is not handed seconds of work before its speed is measured.
    static let startingWindow = 4

    /// Learns from `count` labels confirmed `seconds` after the previous confirmation, while the printer held
    /// labels all along (a measurement across an idle printer says nothing about its speed).
    mutating func observe(confirmed count: Int, after seconds: Double) {
        guard count > 0, seconds >= 0 else { return }
        let measured = seconds / Double(count)
        if let known = secondsPerLabel {
            secondsPerLabel = known + Self.smoothing * (measured - known)
        } else {
            secondsPerLabel = measured
        }
    }

    /// Labels to keep in flight: as many as print in `duration`, at least 2 (one printing, one waiting) and at
    /// most `window`.
    func inFlight(window: Int, duration: Duration) -> Int {
        guard let secondsPerLabel else { return min(window, Self.startingWindow) }
        guard secondsPerLabel > 0 else { return window }
        let fits = (duration.timeInterval / secondsPerLabel).rounded(.up)
        return max(min(2, window), min(window, fits.isFinite ? Int(min(fits, Double(window))) : window))
    }

    /// How long to wait before the next question while the printer holds `labels` unconfirmed: until about half of
    /// them have printed (half a label when it holds one or two), so that the labels sent after the answer arrive
    /// while the other half prints.
    func pollDelay(holding labels: Int, maximum: Duration) -> Duration {
        guard let secondsPerLabel else { return .zero }
        let labelsToWait = max(0.5, Double(labels - 1) / 2)
        return min(maximum, Duration(timeInterval: secondsPerLabel * labelsToWait))
    }
}
