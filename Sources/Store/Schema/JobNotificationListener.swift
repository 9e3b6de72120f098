import Foundation
import Core
import Logging
import PostgresNIO
import ServiceLifecycle

/// Listens on the job channel and wakes the engine on every notification, and the worker of the printer a
/// notification names (its payload is the printer's id). Reconnects after a failure; the engine's polling and the
/// workers' checkpoints cover anything missed meanwhile. A service, stopped at graceful shutdown.
public struct JobNotificationListener: Service {
    let client: PostgresClient
    let wakeUp: WakeUpSignal
    let printerWakeUps: PrinterWakeUps
    let logger: Logger

    public init(client: PostgresClient, wakeUp: WakeUpSignal, printerWakeUps: PrinterWakeUps, logger: Logger) {
        self.client = client
        self.wakeUp = wakeUp
        self.printerWakeUps = printerWakeUps
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await listen() }
    }

    private func listen() async {
        await NotificationListening.listen(
            on: JobRepository.channel, client: client, logger: logger, interrupted: "job notifications interrupted"
        ) { [wakeUp, printerWakeUps] payload in
            wakeUp.signal()
            if let printerID = UUID(uuidString: payload) { printerWakeUps.signal(printerID) }
        }
    }
}

/// Listening on a notification channel for as long as the task runs, through connection failures.
public enum NotificationListening {
    /// Calls `notified` with the payload of each notification on `channel` until cancelled; after a failure it logs `interrupted` at
    /// `warning` and listens again a second later (the callers poll meanwhile, so a missed notification only
    /// delays).
    public static func listen(
        on channel: String, client: PostgresClient, logger: Logger, interrupted: String,
        notified: @escaping @Sendable (String) -> Void
    ) async {
        while !Task.isCancelled {
            do {
                // No time limit, but cancellation ends the wait even if the pool never answers.
                try await untilCancelled { [client, logger] in
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            logger.debug("listening", metadata: ["channel": "\(channel)"])
                            for try await notification in notifications { notified(notification.payload) }
                        }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("\(interrupted); polling until reconnected", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
