/// One row of the history table `strata_migrations`: what ran where, and in what state.
public struct HistoryRecord: Sendable, Hashable, Codable {
    /// The state a history row records.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
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
        /// The migration had been run by hand before Strata kept the history: `strata adopt`
        /// found the live schema to be the one the files produce up to here, and recorded it
        /// without running it. It counts as applied (it can be reverted).
        case adopted
    }

    /// The version as written in the file name (`"003"`, `"20250101120000"`, `"1.2"`), or
    /// `R:name` for a repeatable migration (``key``).
    public var version: String
    /// The migration's description, from its file name (`create_users` of `001_create_users.sql`).
    public var name: String
    /// SHA-256 of the up section's bytes (line endings normalised) when it ran or was repaired.
    public var checksum: String
    /// SHA-256 of its statements with comments and whitespace removed.
    public var semanticChecksum: String
    /// UTC, ISO 8601 (`2026-11-25T08:44:07.123Z`).
    public var appliedAt: String
    /// `user@host`, or the `--actor` given.
    public var appliedBy: String
    /// How long the up section took, in milliseconds (0 for rows recorded without running).
    public var executionMs: Int64
    /// Whether it ran, failed, is running, or was recorded without running (and why).
    public var status: Status
    /// How many statements of the up section have run (progress of a non-transactional migration).
    public var statementsDone: Int
    /// Semantic checksum of the statements that have run, for resuming a failed migration.
    public var progressChecksum: String?
    /// The engine's message of the failure, for `failed` rows.
    public var error: String?
    /// The fingerprint of the schema right after the migration ran, where it was taken
    /// (history format 2 and later).
    public var schemaFingerprint: String?

    /// Creates a row; the progress, error and fingerprint fields default to none.
    public init(
        version: String, name: String, checksum: String, semanticChecksum: String,
        appliedAt: String, appliedBy: String, executionMs: Int64, status: Status,
        statementsDone: Int = 0, progressChecksum: String? = nil, error: String? = nil,
        schemaFingerprint: String? = nil
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
        self.schemaFingerprint = schemaFingerprint
    }

    /// What the row's version stands for.
    public var key: HistoryKey { HistoryKey(version) }
}

/// What a history row's `version` column stands for: a versioned migration, a repeatable
/// one (stored as `R:` and its name), or text that is neither (a row Strata did not write).
public enum HistoryKey: Sendable, Hashable {
    /// A versioned migration's version, as written in its file name.
    case versioned(String)
    /// A repeatable migration (Flyway's `R__name.sql`), by name.
    case repeatable(name: String)

    /// The marker that starts a repeatable migration's key.
    public static let repeatableMarker = "R:"

    /// Reads a `version` column.
    public init(_ text: String) {
        if text.hasPrefix(Self.repeatableMarker) {
            self = .repeatable(name: String(text.dropFirst(Self.repeatableMarker.count)))
        } else {
            self = .versioned(text)
        }
    }

    /// The text stored in the `version` column.
    public var text: String {
        switch self {
        case .versioned(let v): v
        case .repeatable(let name): Self.repeatableMarker + name
        }
    }

    /// Whether this is a repeatable migration's key.
    public var isRepeatable: Bool {
        if case .repeatable = self { return true }
        return false
    }
}

/// The kind of an audit log entry.
public enum LogEvent: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A migration was applied.
    case up
    /// A migration was reverted.
    case down
    /// A migration stopped at a failing statement.
    case failed
    /// The schema was recorded as already present.
    case baseline
    /// `repair` accepted a file as it is, forgot a row, or resolved a failed run.
    case repair
    /// An applied migration's file changed cosmetically; its new checksum was recorded.
    case checksum
    /// A replacing migration was recorded without running.
    case covered
    /// The schema was made to match a declared one directly.
    case sync
    /// The history tables were upgraded to a newer format.
    case upgrade
    /// The live schema had changed behind Strata's back, and `up --allow-drift` went on.
    case drift
    /// `adopt` recorded a migration that the live schema already reflects, without running it.
    case adopt
    /// An event this version of Strata does not know (written by a newer one).
    case other(String)

    /// The text stored in the log's `event` column.
    public var rawValue: String {
        switch self {
        case .up: "up"
        case .down: "down"
        case .failed: "failed"
        case .baseline: "baseline"
        case .repair: "repair"
        case .checksum: "checksum"
        case .covered: "covered"
        case .sync: "sync"
        case .upgrade: "upgrade"
        case .drift: "drift"
        case .adopt: "adopt"
        case .other(let text): text
        }
    }

    /// Reads the log's `event` column.
    public init(rawValue: String) {
        switch rawValue {
        case "up": self = .up
        case "down": self = .down
        case "failed": self = .failed
        case "baseline": self = .baseline
        case "repair": self = .repair
        case "checksum": self = .checksum
        case "covered": self = .covered
        case "sync": self = .sync
        case "upgrade": self = .upgrade
        case "drift": self = .drift
        case "adopt": self = .adopt
        default: self = .other(rawValue)
        }
    }

    /// The text stored in the `event` column (``rawValue``).
    public var description: String { rawValue }

    /// Decodes the event from its text; an unknown text becomes ``other(_:)``.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the event as its text (``rawValue``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One row of the append-only audit table `strata_migrations_log`.
public struct LogEntry: Sendable, Hashable, Codable {
    /// The log's own id: increases with every entry, never reused.
    public var id: Int64
    /// UTC, ISO 8601.
    public var occurredAt: String
    /// What happened.
    public var event: LogEvent
    /// The migration concerned (`sync` for a sync); nil for an `upgrade` of the history
    /// tables themselves.
    public var version: String?
    /// That migration's name, when there is one.
    public var name: String?
    /// The checksum of the up section recorded with the event (the new one, for `checksum`
    /// and `repair`).
    public var checksum: String?
    /// Who did it: `user@host`, or the `--actor` given.
    public var actor: String
    /// How long it took, in milliseconds, where that was measured.
    public var executionMs: Int64?
    /// A free-text explanation (a cosmetic edit's old and new checksums, what a repair did,
    /// the drift accepted).
    public var detail: String?
}
