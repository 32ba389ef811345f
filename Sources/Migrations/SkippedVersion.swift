import SQLText

/// A version of the directory that is not a migration on the engine the set was read
/// for, because all of its files are for other engines.
///
/// Real pop and golang-migrate directories keep versions that exist for some engines
/// only: `0042_fulltext.mysql.up.sql` and `0042_fulltext.mysql.down.sql`, and nothing for
/// PostgreSQL or SQLite. On those other engines the version is not run, not recorded, and
/// not an error; ``MigrationSet/skipped`` lists it with its reason, so that
/// `strata status --verbose` can show it.
///
/// A version is skipped only when at least one other engine has an up file for it. See
/// ``MigrationSet/load(from:engine:allowEmpty:)`` for the cases that are errors instead.
///
/// ## Topics
/// ### Reading
/// - ``version``
/// - ``name``
/// - ``files``
/// - ``engines``
/// - ``reason``
public struct SkippedVersion: Sendable, Hashable {
    /// The version, as the files write it.
    public let version: Version
    /// The description from the file names (`fulltext` in `0042_fulltext.mysql.up.sql`).
    public let name: String
    /// The version's files, as displayed, sorted (files for engines Strata does not drive
    /// are in ``MigrationSet/ignoredFiles`` instead).
    public let files: [String]
    /// The engines that have an up file for this version, sorted by display name.
    public let engines: [SQLDialect]

    /// Creates a skipped version.
    public init(version: Version, name: String, files: [String], engines: [SQLDialect]) {
        self.version = version
        self.name = name
        self.files = files
        self.engines = engines
    }

    /// Why the version is skipped, in one line: `only for MySQL, PostgreSQL`.
    public var reason: String {
        "only for " + engines.map(\.displayName).joined(separator: ", ")
    }
}
