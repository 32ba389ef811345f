import Dialects

/// Why a migrator command stopped: the same information the CLI prints, as a typed error.
///
/// The message is one line that says what, where (file and line where there is one) and
/// what to do; it never contains a password.
public struct MigratorError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        /// An applied migration's statements changed since it ran.
        public static let checksumMismatch = Code(raw: "checksum-mismatch")
        /// An applied migration's file is gone.
        public static let missingFile = Code(raw: "missing-file")
        /// A pending migration's version is lower than the highest applied one.
        public static let outOfOrder = Code(raw: "out-of-order")
        /// A statement failed while applying or reverting.
        public static let statementFailed = Code(raw: "statement-failed")
        /// An earlier non-transactional run stopped part-way; it must be resumed or repaired.
        public static let incomplete = Code(raw: "incomplete")
        /// A down was requested for a migration that has none.
        public static let noDownSection = Code(raw: "no-down-section")
        /// The database lock was not obtained in time.
        public static let lockTimeout = Code(raw: "lock-timeout")
        /// `--to` names a version that no file has.
        public static let unknownVersion = Code(raw: "unknown-version")
        /// The options cannot be honoured on this engine or in this environment.
        public static let notAllowed = Code(raw: "not-allowed")
        /// Replaced migrations are only partly applied.
        public static let replaceConflict = Code(raw: "replace-conflict")
        /// The run was asked to stop (a graceful shutdown) before it finished; what ran is
        /// recorded, nothing is half-applied.
        public static let stopped = Code(raw: "stopped")
        /// The code's stable text (`checksum-mismatch`, `lock-timeout`, …), as in `--json` output.
        public var description: String { raw }
    }

    /// What kind of problem it is: compare with the static codes, e.g. `.checksumMismatch`.
    public var code: Code
    /// One line saying what went wrong and what to do, without the file prefix.
    public var message: String
    /// The file the problem is in, when there is one.
    public var file: String?
    /// The 1-based line in ``file``.
    public var line: Int?
    /// The version concerned.
    public var version: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, version: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.version = version
    }

    /// `file:line: message`, or the message alone.
    public var description: String {
        guard let file else { return message }
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }

    static func singleTransactionImpossible(on dialect: any Dialect) -> MigratorError {
        MigratorError(.notAllowed, "--single-transaction is not possible on \(dialect.engine.displayName)/MariaDB: DDL commits implicitly there; run without it (progress is recorded per statement)")
    }

    /// A shutdown while the run waited for another run's lock: nothing was applied.
    static let stoppedWaitingForLock = MigratorError(
        .stopped, "stopped while waiting for the migration lock (shutdown); nothing was applied")

    static func lockTimeout(holder: String, timeout: Duration) -> MigratorError {
        MigratorError(
            .lockTimeout,
            "gave up waiting \(timeout.formattedSeconds) for the migration lock held by \(holder); try again later, raise --lock-timeout, or stop that process"
        )
    }
}

extension Duration {
    var formattedSeconds: String {
        let (s, atto) = components
        if atto == 0 { return "\(s) s" }
        let ms = Double(s) * 1000 + Double(atto) / 1e15
        return ms < 1000 ? "\(Int(ms)) ms" : "\(Double(Int(ms / 100)) / 10) s"
    }

    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }

    var milliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
