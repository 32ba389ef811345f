import SQLText

/// The migrations of a directory, read for one engine: versioned migrations in order of
/// version, then repeatable ones in order of name.
///
/// ```swift
/// let set = try MigrationSet.load(from: LocalDirectory("migrations"), engine: .postgres)
/// for migration in set.migrations {
///     print(migration.version, migration.name, migration.checksum)
/// }
/// ```
///
/// Loading lists the directory, reads each up script this engine needs and computes its
/// checksum of bytes. Down scripts in files of their own, and files for other engines, are
/// not read; the semantic checksum is computed only when asked for.
///
/// The formats read, and the rules, are in DESIGN.md ("Migration files"). File names:
///
/// | name | format |
/// |---|---|
/// | `003_users.sql` with `-- migrate:up` / `-- migrate:down` | ``MigrationFormat/sectioned`` |
/// | `003_users.sql` without markers (all up, no down) | ``MigrationFormat/plain`` |
/// | `003_users.up.sql`, `003_users.down.sql`, `003_users.postgres.up.sql`, `003_users.autocommit.up.sql` | ``MigrationFormat/paired`` |
/// | `V3__users.sql`, `U3__users.sql`, `R__views.sql` | ``MigrationFormat/flyway`` |
///
/// Files not ending in `.sql`, hidden files, paired files for engines Strata does not drive
/// (`.cockroach.`), and `.sql` files that do not start like a migration (`schema.sql`) are
/// ignored. A `.sql` file that starts like one (a digit, or `V`/`U`/`R` then a digit or
/// `__`) but matches no format is an error, and so is one with a version but no name
/// (`12.sql`: rename it `12_NAME.sql`).
///
/// ## Topics
/// ### Loading
/// - ``load(from:engine:allowEmpty:)``
/// ### Reading
/// - ``migrations``
/// - ``repeatables``
/// - ``migration(_:)``
/// - ``subscript(_:)``
/// - ``engine``
/// - ``directory``
/// - ``ignoredFiles``
/// - ``skipped``
public struct MigrationSet: Sendable {
    /// The directory as displayed.
    public let directory: String
    /// The engine the set was read for.
    public let engine: SQLDialect
    /// The versioned migrations, in ascending order of version.
    public let migrations: [Migration]
    /// The repeatable migrations, in order of name.
    public let repeatables: [RepeatableMigration]
    /// Files that were skipped although they end in `.sql` and look like migrations:
    /// paired files for engines Strata does not drive (`003_x.cockroach.up.sql`). Sorted.
    public let ignoredFiles: [String]
    /// Versions that are not migrations on ``engine`` because all their files are for
    /// other engines (`0042_x.mysql.up.sql` on PostgreSQL), in ascending order of version.
    /// They are neither run nor errors; `status --verbose` lists them with their reason.
    public let skipped: [SkippedVersion]

    /// The migration with `version` (compared canonically: `"1"` finds `001`), or nil.
    public func migration(_ version: Version) -> Migration? {
        var low = 0
        var high = migrations.count
        while low < high {
            let middle = (low + high) / 2
            if migrations[middle].version < version {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < migrations.count && migrations[low].version == version ? migrations[low] : nil
    }

    /// The migration with `version`, or nil; same as ``migration(_:)``.
    public subscript(_ version: Version) -> Migration? {
        migration(version)
    }

    // MARK: - Loading

    /// Reads a migrations directory for one engine.
    ///
    /// Every file is checked before anything is thrown, so the error lists every problem
    /// of the directory (`strata validate` prints them all).
    ///
    /// Paired files (`VERSION_name[.ENGINE].up|down.sql`) are chosen per engine: the
    /// engine's own file, else the generic one. For a version without an up file for
    /// `engine`:
    ///
    /// - when all of its files name other engines and one of them has an up file, the
    ///   version is for those engines only: it is skipped and listed in ``skipped``;
    /// - a down file for `engine` (or a generic one) without an up file for it is an error
    ///   naming the down file, since it could never run here;
    /// - a version with down files only, for whatever engines, is a migration nowhere: an
    ///   error on every engine (so that `strata validate` finds it whichever engine it
    ///   checks), naming the first of its files.
    ///
    /// Two files for one engine and direction (`.postgres.up.sql` and `.postgresql.up.sql`)
    /// are an error on every engine. A directory whose versions are all skipped for
    /// `engine` counts as empty.
    ///
    /// - Parameters:
    ///   - directory: Where the files are.
    ///   - engine: The engine to read engine-specific files for.
    ///   - allowEmpty: Whether a directory without migrations is accepted (an empty set);
    ///     by default it is an error, ``MigrationFileError/Code/emptyDirectory``.
    /// - Throws: ``MigrationDirectoryError`` with every problem found: the directory is
    ///   missing or empty, a file name matches no format, duplicate versions, bad section
    ///   markers or options, down files without an up file, unreadable files.
    public static func load(
        from directory: some MigrationDirectory, engine: SQLDialect, allowEmpty: Bool = false
    ) throws(MigrationDirectoryError) -> MigrationSet {
        var loader = MigrationSetLoader(directory: directory as any MigrationDirectory, engine: engine)
        return try loader.load(allowEmpty: allowEmpty)
    }

    /// This set with migrations written in Swift added, ordered with the files by version.
    ///
    /// - Throws: ``MigrationDirectoryError`` naming each Swift migration whose version is
    ///   not a version, or is also a file's (or another Swift migration's).
    public func adding(_ code: [any MigrationCode]) throws(MigrationDirectoryError) -> MigrationSet {
        guard !code.isEmpty else { return self }
        var errors: [MigrationFileError] = []
        var added: [Migration] = []
        var seen: [Version: String] = [:]
        for m in migrations { seen[m.version] = m.file }
        for c in code {
            let place = "\(c.file):\(c.line)"
            guard let version = Version(c.version) else {
                errors.append(MigrationFileError(
                    .invalidFileName, file: c.file, line: c.line,
                    message: "Swift migration '\(c.name)' has version '\(c.version)', which is not a version (digits, optionally with '.' or '_' between); give it one like the files' (20260301120000)."))
                continue
            }
            if let other = seen[version] {
                errors.append(MigrationFileError(
                    .duplicateVersion, file: c.file, line: c.line, otherFile: other,
                    message: "Swift migration '\(c.name)' has version \(c.version), which \(other) has too; give one of them another version."))
                continue
            }
            guard !c.name.isEmpty else {
                errors.append(MigrationFileError(
                    .invalidFileName, file: c.file, line: c.line,
                    message: "Swift migration \(c.version) has an empty name; name it (it is recorded in the history)."))
                continue
            }
            seen[version] = place
            added.append(Migration(code: c, version: version, dialect: engine))
        }
        guard errors.isEmpty else { throw MigrationDirectoryError(directory: directory, errors: errors) }
        let merged = (migrations + added).sorted { $0.version < $1.version }
        return MigrationSet(directory: directory, engine: engine, migrations: merged, repeatables: repeatables,
                            ignoredFiles: ignoredFiles, skipped: skipped)
    }

    // MARK: - Helpers shared with Migration

    /// Turns an error from ``MigrationDirectory/read(_:)`` into a ``MigrationFileError``.
    static func readError(_ error: any Error, file: String) -> MigrationFileError {
        if let error = error as? MigrationFileError { return error }
        return MigrationFileError(.fileUnreadable, file: file, message: "cannot be read: \(error).")
    }

    /// Checks that `bytes` are UTF-8 and returns them without a byte order mark.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, file: @autoclosure () -> String
    ) throws(MigrationFileError) -> UnsafeBufferPointer<UInt8> {
        var body = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            body = UnsafeBufferPointer(rebasing: bytes[3...])
        }
        guard String(validating: body, as: UTF8.self) != nil else {
            let bad = firstInvalidUTF8Offset(body)
            var line = 1
            for index in 0..<bad where body[index] == 10 { line += 1 }
            throw MigrationFileError(
                .invalidEncoding, file: file(), line: line,
                message: "is not valid UTF-8; save the file as UTF-8.")
        }
        return body
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence.
    private static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length = lead & 0xE0 == 0xC0 ? 2 : lead & 0xF0 == 0xE0 ? 3 : lead & 0xF8 == 0xF0 ? 4 : 0
            guard length > 0, i + length <= bytes.count,
                String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) != nil
            else { return i }
            i += length
        }
        return bytes.count
    }
}
