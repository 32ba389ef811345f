/// The file format a migration was read from.
public enum MigrationFormat: String, Sendable, Hashable, CustomStringConvertible {
    /// One file `VERSION_name.sql` with `-- migrate:up` / `-- migrate:down` sections
    /// (Strata, dbmate).
    case sectioned
    /// One file `VERSION_name.sql` without markers: the whole file is the up script.
    case plain
    /// `VERSION_name.up.sql` / `VERSION_name.down.sql`, optionally per engine (golang-migrate, pop).
    case paired
    /// Flyway `V1__name.sql` with an optional undo `U1__name.sql`.
    case flyway
    /// A migration written in Swift, registered beside the files (``MigrationCode``).
    case swift

    /// How messages name the format (`"paired up/down files"`).
    public var description: String {
        switch self {
        case .sectioned: "a file with '-- migrate:' sections"
        case .plain: "a plain up-only file"
        case .paired: "paired up/down files"
        case .flyway: "Flyway files"
        case .swift: "a Swift migration"
        }
    }
}
