/// A rule every store of the engine keeps (``EngineStoreContract``).
public enum EngineStoreRule: String, CaseIterable, Sendable {
    case leasesAreExclusiveAndFenced
    case claimsNeedWork
    case firstInFirstOut
    case onePrintingJobPerPrinter
    case waitsUseNoAttempt
    case failuresCountAttempts
    case givingUpFailsTheRest
    case checkpointsOnlyMoveForward
    case releaseRequeues
    case cancelWins
    case queueOrderHoldAndPause
    case interruptionsStopAndRequeue
    case movesAndExpiry
    case moveFromAbandonedPrinter
}
