import Core
import Logging
import PostgresNIO
import ServiceLifecycle

/// Listens on the job channel and wakes the engine on every notification. Reconnects after a failure; the
/// engine's polling covers anything missed meanwhile. A service, stopped at graceful shutdown.
public struct JobNotificationListener: Service {
    let client: PostgresClient
    let wakeUp: WakeUpSignal
    let logger: Logger

    public init(client: PostgresClient, wakeUp: WakeUpSignal, logger: Logger) {
        self.client = client
        self.wakeUp = wakeUp
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await listen() }
    }

    private func listen() async {
        while !Task.isCancelled {
            do {
                // No time limit, but cancellation ends the wait even if the pool never answers.
                try await untilCancelled { [client, wakeUp, logger] in
                    try await client.withConnection { connection in
                        try await connection.listen(on: JobRepository.channel) { notifications in
                            logger.debug("listening for new jobs")
                            for try await _ in notifications { wakeUp.signal() }
                        }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "job notifications interrupted; polling until reconnected", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
