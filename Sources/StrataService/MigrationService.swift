import Logging
import ServiceLifecycle
import Strata
import Synchronization

/// Runs an app's migrations as a swift-service-lifecycle `Service`, before the app
/// accepts traffic, under the migration lock.
///
/// It honours graceful shutdown: a run waiting for another instance's lock stops waiting
/// (nothing applied), and a run applying migrations finishes the one in progress (its
/// transaction, or its recorded progress on MySQL) and stops before the next. After the
/// migrations ran, the service stays until the group shuts down, as services do.
///
/// The HTTP server waits for it with ``waitUntilFinished()``. With Hummingbird 2:
///
/// ```swift
/// let migrations = MigrationService(migrator: migrator, logger: logger)
/// var app = Application(router: router, services: [migrations], logger: logger)
/// app.beforeServerStarts { try await migrations.waitUntilFinished() }
/// try await app.runService()
/// ```
///
/// With Vapor, run ``Migrator/up(_:)`` from a `LifecycleHandler`'s `willBootAsync` (or
/// `app.asyncCommands`); see the AppIntegration article.
///
/// ## Topics
/// ### Creating
/// - ``init(migrator:request:logger:)``
/// ### Running
/// - ``run()``
/// - ``waitUntilFinished()``
public struct MigrationService: Service {
    /// The migrator; its ``MigratorOptions/stopSignal`` is replaced by the service's.
    public let migrator: Migrator
    /// What `up` applies (all pending migrations by default).
    public let request: UpRequest
    private let outcome = Outcome()

    /// A service that runs `migrator.up(request)`.
    ///
    /// - Parameters:
    ///   - migrator: The migrator (on the app's connection, or a URL).
    ///   - request: What `up` applies.
    ///   - logger: Receives every migrator event; nil keeps the migrator's own logger.
    public init(migrator: Migrator, request: UpRequest = UpRequest(), logger: Logger? = nil) {
        var migrator = migrator
        if let logger { migrator.options.logger = logger }
        self.migrator = migrator
        self.request = request
    }

    /// Applies the pending migrations, then waits for the group's graceful shutdown.
    ///
    /// - Throws: The migrator's error when a migration fails (the group then shuts down,
    ///   and ``waitUntilFinished()`` throws it too). A shutdown before the migrations are
    ///   done is not an error: the service returns, and ``waitUntilFinished()`` throws
    ///   ``MigratorError/Code/stopped``.
    public func run() async throws {
        let stop = StopSignal()
        var migrator = migrator
        migrator.options.stopSignal = stop
        let request = request
        let result: Result<UpReport, any Error> = await withGracefulShutdownHandler {
            do {
                return .success(try await migrator.up(request))
            } catch {
                return .failure(error)
            }
        } onGracefulShutdown: {
            stop.stop()
        }
        outcome.finish(result)
        switch result {
        case .success:
            // Done; a service runs until the group shuts down.
            try? await gracefulShutdown()
        case .failure(let error as MigratorError) where error.code == .stopped:
            migrator.options.logger?.notice("\(error.message)")
        case .failure(let error):
            migrator.options.logger?.error("migrations failed: \(error)")
            throw error
        }
    }

    /// Waits until the migrations have been applied (or failed, or were stopped), so that
    /// the server starts only on the schema it expects.
    ///
    /// - Returns: What `up` did.
    /// - Throws: What `up` threw; ``MigratorError/Code/stopped`` after a shutdown;
    ///   `CancellationError` when the waiting task is cancelled.
    @discardableResult
    public func waitUntilFinished() async throws -> UpReport {
        try await outcome.wait().get()
    }
}

/// The outcome of the service's run, awaited by the server.
private final class Outcome: Sendable {
    private enum State {
        case running([UInt64: CheckedContinuation<Result<UpReport, any Error>, Never>])
        case finished(Result<UpReport, any Error>)
    }

    private let state = Mutex<State>(.running([:]))
    private let nextID = Atomic<UInt64>(0)

    func finish(_ result: Result<UpReport, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Result<UpReport, any Error>, Never>] in
            guard case .running(let waiters) = state else { return [] }
            state = .finished(result)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    func wait() async throws -> Result<UpReport, any Error> {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<UpReport, any Error>, Never>) in
                let done = state.withLock { state -> Result<UpReport, any Error>? in
                    switch state {
                    case .finished(let result):
                        return result
                    case .running(var waiters):
                        waiters[id] = continuation
                        state = .running(waiters)
                        return nil
                    }
                }
                if let done { continuation.resume(returning: done) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Result<UpReport, any Error>, Never>? in
                guard case .running(var waiters) = state else { return nil }
                let waiter = waiters.removeValue(forKey: id)
                state = .running(waiters)
                return waiter
            }
            waiter?.resume(returning: .failure(CancellationError()))
        }
        return result
    }
}
