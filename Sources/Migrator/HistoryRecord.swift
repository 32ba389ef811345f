/// One row of the history table `strata_migrations`: what ran where, and in what state.
public struct HistoryRecord: Sendable, Hashable, Codable {
    /// The state a history row records.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The migration ran to completion.
        case applied
        /// The migration stopped at a failing statement (engines without transactional DDL,
        /// or `transaction:false` migrations); `statementsDone` statements had run.
        case failed
        /// The migration was started outside a transaction and has not finished: either it
        /// is running now, or its process died (`statementsDone` tells how far it got).
        case running
        /// The schema already existed when Strata took over; the migration was never run here.
        case baseline
        /// A migration that declares `-- strata:replaces` ran (or was recorded) for this one.
        case covered
    }

    /// The version as written in the file name (`"003"`, `"20250101120000"`, `"1.2"`).
    public var version: String
    public var name: String
    /// SHA-256 of the up section's bytes (line endings normalised) when it ran or was repaired.
    public var checksum: String
    /// SHA-256 of its statements with comments and whitespace removed.
    public var semanticChecksum: String
    /// UTC, ISO 8601 (`2026-11-25T08:44:07.123Z`).
    public var appliedAt: String
    /// `user@host`, or the `--actor` given.
    public var appliedBy: String
    public var executionMs: Int64
    public var status: Status
    /// How many statements of the up section have run (progress of a non-transactional migration).
    public var statementsDone: Int
    /// Semantic checksum of the statements that have run, for resuming a failed migration.
    public var progressChecksum: String?
    /// The engine's message of the failure, for `failed` rows.
    public var error: String?

    public init(
        version: String, name: String, checksum: String, semanticChecksum: String,
        appliedAt: String, appliedBy: String, executionMs: Int64, status: Status,
        statementsDone: Int = 0, progressChecksum: String? = nil, error: String? = nil
    ) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.semanticChecksum = semanticChecksum
        self.appliedAt = appliedAt
        self.appliedBy = appliedBy
        self.executionMs = executionMs
        self.status = status
        self.statementsDone = statementsDone
        self.progressChecksum = progressChecksum
        self.error = error
    }
}

/// One row of the append-only audit table `strata_migrations_log`.
public struct LogEntry: Sendable, Hashable, Codable {
    public var id: Int64
    /// UTC, ISO 8601.
    public var occurredAt: String
    /// `up`, `down`, `failed`, `baseline`, `repair`, `checksum`, `covered`, `sync`.
    public var event: String
    public var version: String?
    public var name: String?
    public var checksum: String?
    public var actor: String
    public var executionMs: Int64?
    public var detail: String?
}
