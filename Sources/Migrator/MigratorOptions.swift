import Drivers

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

    public init(
        actor: String? = nil,
        lockTimeout: Duration = .seconds(120),
        environment: String = "development",
        connect: ConnectOptions = ConnectOptions(),
        onEvent: (@Sendable (MigratorEvent) -> Void)? = nil
    ) {
        self.explicitActor = actor
        self.lockTimeout = lockTimeout
        self.environment = environment
        self.connect = connect
        self.onEvent = onEvent
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

/// One migration that ran (up or down).
public struct AppliedMigration: Sendable, Codable, Hashable {
    public var version: String
    public var name: String
    public var file: String
    public var statements: Int
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
