import Drivers
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``Migrator`` runs: who it records as the actor, how long it waits for the lock,
/// which environment it is in, and where it reports progress.
public struct MigratorOptions: Sendable {
    /// Recorded as `applied_by` and in the audit log; default `user@host`.
    public var actor: String {
        get { explicitActor ?? Self.processActor }
        set { explicitActor = newValue }
    }
    private var explicitActor: String?
    /// ``defaultActor()`` of this process, worked out on first use only: without `$USER`
    /// it asks the system's user database, which a run with nothing to do never needs.
    static let processActor = defaultActor()
    /// How long a run waits for another run's lock before giving up. Default 2 minutes.
    public var lockTimeout: Duration
    /// `development`, `staging`, `production`…: production refuses unsafe commands.
    public var environment: String
    /// Driver settings (timeouts, logger).
    public var connect: ConnectOptions
    /// Receives progress as it happens (waiting for the lock, each migration applied…).
    public var onEvent: (@Sendable (MigratorEvent) -> Void)?
    /// The app's logger: receives every event (``MigratorEvent/logLevel``), with metadata
    /// `migration.version`, `migration.name`, `migration.file`, `migration.line` and
    /// `migration.ms` where they apply. Nil logs nothing.
    public var logger: Logger?
    /// Asks a running command to stop (a graceful shutdown): one waiting for the lock stops
    /// waiting, and one applying migrations stops after the one that is running, whose
    /// transaction (or recorded progress) it finishes. Then it throws
    /// ``MigratorError/Code/stopped``.
    public var stopSignal: StopSignal?

    /// Options; every parameter has the default of its property.
    ///
    /// - Parameters:
    ///   - actor: Recorded as `applied_by`; nil for `user@host`.
    ///   - lockTimeout: How long to wait for another run's lock.
    ///   - environment: `development`, `production`…
    ///   - connect: Driver settings.
    ///   - logger: The app's logger, for every event.
    ///   - stopSignal: Stops a run at the next safe point when signalled.
    ///   - onEvent: Receives every event.
    public init(
        actor: String? = nil,
        lockTimeout: Duration = .seconds(120),
        environment: String = "development",
        connect: ConnectOptions = ConnectOptions(),
        logger: Logger? = nil,
        stopSignal: StopSignal? = nil,
        onEvent: (@Sendable (MigratorEvent) -> Void)? = nil
    ) {
        self.explicitActor = actor
        self.lockTimeout = lockTimeout
        self.environment = environment
        self.connect = connect
        self.logger = logger
        self.stopSignal = stopSignal
        self.onEvent = onEvent
    }

    /// Hands `event` to ``onEvent`` and to ``logger``.
    func emit(_ event: MigratorEvent) {
        onEvent?(event)
        guard let logger else { return }
        let level = event.logLevel
        guard logger.logLevel <= level else { return }
        logger.log(level: level, "\(event.message)", metadata: event.metadata)
    }

    /// Whether the environment is production (`production` or `prod`).
    public var isProduction: Bool {
        let e = environment.lowercased()
        return e == "production" || e == "prod"
    }

    /// `$USER@hostname`.
    public static func defaultActor() -> String {
        let user = getenv("USER").map { String(cString: $0) }
            ?? getenv("LOGNAME").map { String(cString: $0) }
            ?? getpwuid(geteuid()).flatMap { $0.pointee.pw_name }.map { String(cString: $0) }
            ?? "uid\(geteuid())"
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "localhost"
        return "\(user)@\(host)"
    }
}

/// Progress reported while a command runs.
public enum MigratorEvent: Sendable {
    /// Another run holds the lock; this one waits.
    case waitingForLock(holder: String)
    /// A migration is about to run.
    case applying(version: String, name: String, file: String)
    /// A migration ran and was recorded.
    case applied(AppliedMigration)
    /// A statement is about to be sent (for `--verbose`).
    case executing(file: String, line: Int, sql: String)
    /// A migration was recorded without running (everything it replaces is applied).
    case recorded(version: String, name: String, reason: String)
    /// An applied migration's file changed only in comments or whitespace; its new checksum was recorded.
    case cosmeticChange(version: String, file: String)
    /// A migration is about to be reverted.
    case reverting(version: String, name: String, file: String)
    /// A migration was reverted.
    case reverted(AppliedMigration)
    /// Something the user should know, that does not stop the run.
    case warning(String)
}

extension MigratorEvent {
    /// The level the event is logged at: `trace` for each statement, `notice` for waiting
    /// and cosmetic edits, `warning` for warnings, `info` for the rest.
    public var logLevel: Logger.Level {
        switch self {
        case .executing: .trace
        case .waitingForLock, .cosmeticChange: .notice
        case .warning: .warning
        case .applying, .applied, .recorded, .reverting, .reverted: .info
        }
    }

    /// The event as one line, for a log.
    public var message: String {
        switch self {
        case .waitingForLock(let holder): "waiting for the migration lock, held by \(holder)"
        case .applying(let version, let name, _): "applying migration \(version) \(name)"
        case .applied(let m): "applied migration \(m.version) \(m.name) in \(m.durationMs) ms"
        case .executing(_, _, let sql): "executing \(sql.prefix(200))"
        case .recorded(let version, let name, let reason): "recorded migration \(version) \(name) without running it: \(reason)"
        case .cosmeticChange(let version, _): "migration \(version) changed only in comments or whitespace; its new checksum was recorded"
        case .reverting(let version, let name, _): "reverting migration \(version) \(name)"
        case .reverted(let m): "reverted migration \(m.version) \(m.name) in \(m.durationMs) ms"
        case .warning(let text): "\(text)"
        }
    }

    /// The event's facts as log metadata (`migration.version`, `.name`, `.file`, `.line`, `.ms`).
    public var metadata: Logger.Metadata {
        switch self {
        case .waitingForLock(let holder): ["migration.lockHolder": "\(holder)"]
        case .applying(let version, let name, let file), .reverting(let version, let name, let file):
            ["migration.version": "\(version)", "migration.name": "\(name)", "migration.file": "\(file)"]
        case .applied(let m), .reverted(let m):
            ["migration.version": "\(m.version)", "migration.name": "\(m.name)", "migration.file": "\(m.file)",
             "migration.ms": "\(m.durationMs)", "migration.statements": "\(m.statements)"]
        case .executing(let file, let line, _): ["migration.file": "\(file)", "migration.line": "\(line)"]
        case .recorded(let version, let name, _): ["migration.version": "\(version)", "migration.name": "\(name)"]
        case .cosmeticChange(let version, let file): ["migration.version": "\(version)", "migration.file": "\(file)"]
        case .warning: [:]
        }
    }
}

/// Asks a running command to stop at its next safe point: a graceful shutdown. Signal it
/// from any task; ``MigrationService`` does so on graceful shutdown.
public final class StopSignal: Sendable {
    private let stopped = Mutex(false)

    /// A signal not yet given.
    public init() {}

    /// Asks the command to stop.
    public func stop() {
        stopped.withLock { $0 = true }
    }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool {
        stopped.withLock { $0 }
    }
}

/// One migration that ran (up or down).
public struct AppliedMigration: Sendable, Codable, Hashable {
    /// Its version (`003`), or `R:name` for a repeatable one.
    public var version: String
    /// Its name from the file name (`create_users`).
    public var name: String
    /// The file as displayed (`migrations/003_create_users.sql`).
    public var file: String
    /// How many statements ran.
    public var statements: Int
    /// How long it took, in milliseconds.
    public var durationMs: Int64
}

/// UTC now as ISO 8601 with milliseconds (`2026-11-25T08:44:07.123Z`).
func utcTimestamp() -> String {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    var t = ts.tv_sec
    var tmv = tm()
    gmtime_r(&t, &tmv)
    func pad(_ v: Int32, _ w: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(pad(tmv.tm_year + 1900, 4))-\(pad(tmv.tm_mon + 1, 2))-\(pad(tmv.tm_mday, 2))T\(pad(tmv.tm_hour, 2)):\(pad(tmv.tm_min, 2)):\(pad(tmv.tm_sec, 2)).\(pad(Int32(ts.tv_nsec / 1_000_000), 3))Z"
}
