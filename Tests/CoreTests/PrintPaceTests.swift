import Testing

@testable import Core

@Suite("The printer's pace: labels in flight and when to ask again")
struct PrintPaceTests {
    @Test("before the printer's pace is known, a few labels go out and the next question at once")
    func unknownPace() {
        let pace = PrintPace()
        #expect(pace.inFlight(window: 16, duration: .seconds(1)) == 4)
        #expect(pace.inFlight(window: 2, duration: .seconds(1)) == 2)
        #expect(pace.pollDelay(holding: 4, maximum: .milliseconds(100)) == .zero)
    }

    @Test("a printer faster than the gateway gets the whole window, and is asked again at once")
    func fastPrinter() {
        var pace = PrintPace()
        pace.observe(confirmed: 16, after: 0.000_5)
        #expect(pace.inFlight(window: 16, duration: .seconds(1)) == 16)
        #expect(pace.pollDelay(holding: 16, maximum: .milliseconds(100)) < .milliseconds(1))
    }

    @Test("a Z230 printing three labels a second holds a second of printing, and is asked every 100 ms")
    func slowPrinter() {
        var pace = PrintPace()
        pace.observe(confirmed: 1, after: 1.0 / 3)
        #expect(pace.inFlight(window: 16, duration: .seconds(1)) == 3)
        #expect(pace.inFlight(window: 16, duration: .seconds(2)) == 6)
        #expect(pace.pollDelay(holding: 3, maximum: .milliseconds(100)) == .milliseconds(100))
        #expect(pace.pollDelay(holding: 1, maximum: .seconds(1)) > .milliseconds(160), "half a label")
        #expect(pace.pollDelay(holding: 1, maximum: .seconds(1)) < .milliseconds(170))
    }

    @Test("the next question goes out when about half of what the printer holds has printed")
    func pollByWhatThePrinterHolds() {
        var pace = PrintPace()
        pace.observe(confirmed: 10, after: 0.002)
        let halfALabel = pace.pollDelay(holding: 2, maximum: .seconds(1))
        #expect(halfALabel > .microseconds(99) && halfALabel < .microseconds(101), "half a label of 0.2 ms")
        let eightLabels = pace.pollDelay(holding: 17, maximum: .seconds(1))
        #expect(eightLabels > .microseconds(1599) && eightLabels < .microseconds(1601), "8 of 17 labels")
        #expect(pace.pollDelay(holding: 17, maximum: .milliseconds(1)) == .milliseconds(1), "never past the maximum")
    }

    @Test("at least two labels are in flight, one printing and one waiting, however slow the printer")
    func atLeastTwo() {
        var pace = PrintPace()
        pace.observe(confirmed: 1, after: 30)
        #expect(pace.inFlight(window: 16, duration: .seconds(1)) == 2)
        #expect(pace.inFlight(window: 1, duration: .seconds(1)) == 1, "never more than the window")
    }

    @Test("the pace follows the printer: a moving average that a change of speed moves")
    func movingAverage() throws {
        var pace = PrintPace()
        pace.observe(confirmed: 2, after: 0.1)
        #expect(pace.secondsPerLabel == 0.05)
        for _ in 1...20 { pace.observe(confirmed: 1, after: 0.01) }
        let seconds = try #require(pace.secondsPerLabel)
        #expect(seconds > 0.01 && seconds < 0.011)
        pace.observe(confirmed: 0, after: 5)
        #expect(pace.secondsPerLabel == seconds, "no confirmation says nothing about the pace")
    }
}
