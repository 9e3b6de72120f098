import Foundation
import Logging

/// A transport error after some labels were confirmed on this connection.
struct PumpInterrupted: Error {
    let printed: Int
    let error: TransportError
}

/// The process is shutting down: the worker stops after checkpointing, and the lease is released.
struct ShuttingDown: Error {}

/// The job was cancelled (seen at a checkpoint or heartbeat).
struct JobCancelled: Error {}

/// The job was cancelled and its end already recorded.
struct JobCancelledAndFinished: Error {}

/// The job stopped for an interruption and gave the printer up (``EngineStore/interrupt(_:jobID:because:)``).
struct JobStopped: Error {
    let interruption: JobInterruption
}
