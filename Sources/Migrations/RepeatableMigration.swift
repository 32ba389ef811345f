/// A Flyway repeatable migration (`R__name.sql`): run after the versioned ones, in order
/// of name, and again whenever its checksum changes.
public struct RepeatableMigration: Sendable, Hashable {
    /// The description from the file name (`views` in `R__views.sql`); unique in a set.
    public let name: String
    /// The script.
    public let up: MigrationScript

    /// The file as displayed.
    public var file: String { up.file }
    /// The checksum of bytes (see ``MigrationScript/checksum``).
    public var checksum: String { up.checksum }
    /// The checksum of meaning, computed now (see ``MigrationScript/semanticChecksum()``).
    public func semanticChecksum() throws(MigrationFileError) -> String {
        try up.semanticChecksum()
    }
}
