/// An error in a migration directory or one of its files: what is wrong, where, and what
/// to do about it.
///
/// Its ``description`` reads like a compiler diagnostic:
///
/// ```
/// migrations/003_users.sql:12: '-- migrate:down' before '-- migrate:up'; put the up section first.
/// ```
///
/// Match on ``code`` to react to one kind of error; new codes may be added in later
/// versions, so a `switch` over codes needs a default.
///
/// ## Topics
/// ### Reading
/// - ``code``
/// - ``file``
/// - ``line``
/// - ``otherFile``
/// - ``message``
/// ### Codes
/// - ``Code``
public struct MigrationFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error; an open set of static values, compared with `==`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A short stable identifier, e.g. `"duplicateVersion"` (for `--json` output).
        public let rawValue: String

        /// Creates a code from its identifier.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// The identifier.
        public var description: String { rawValue }

        // MARK: - Directory

        /// The migrations directory does not exist.
        public static let directoryNotFound = Code("directoryNotFound")
        /// The migrations path exists but is not a directory.
        public static let notADirectory = Code("notADirectory")
        /// The directory exists but cannot be listed (permissions, I/O error).
        public static let directoryUnreadable = Code("directoryUnreadable")
        /// The directory holds no migration.
        public static let emptyDirectory = Code("emptyDirectory")

        // MARK: - Files

        /// A file cannot be read (permissions, I/O error).
        public static let fileUnreadable = Code("fileUnreadable")
        /// A file is not valid UTF-8.
        public static let invalidEncoding = Code("invalidEncoding")
        /// A `.sql` file looks like a migration but its name matches no format.
        public static let invalidFileName = Code("invalidFileName")
        /// Two files have the same version (`001_a.sql` and `1_b.sql`).
        public static let duplicateVersion = Code("duplicateVersion")
        /// One version is written in two formats (`001_a.sql` and `001_a.up.sql`).
        public static let conflictingFormats = Code("conflictingFormats")
        /// A down (or Flyway undo) file without an up file for the engine.
        public static let missingUp = Code("missingUp")
        /// `strata new` refused to overwrite an existing file.
        public static let fileExists = Code("fileExists")
        /// Writing a file failed.
        public static let writeFailed = Code("writeFailed")
        /// A new migration's name has no letters or digits to make a file name from.
        public static let invalidName = Code("invalidName")

        // MARK: - Sections and directives

        /// A `-- migrate:` marker other than `up` or `down`.
        public static let unknownMarker = Code("unknownMarker")
        /// An unknown or malformed option on a marker line.
        public static let invalidOption = Code("invalidOption")
        /// `-- migrate:down` before `-- migrate:up`.
        public static let downBeforeUp = Code("downBeforeUp")
        /// A second `-- migrate:up` or `-- migrate:down` marker.
        public static let duplicateMarker = Code("duplicateMarker")
        /// A file with section markers but no `-- migrate:up`.
        public static let missingUpSection = Code("missingUpSection")
        /// SQL before the first section marker.
        public static let textBeforeMarker = Code("textBeforeMarker")
        /// An unknown `-- strata:` directive.
        public static let unknownDirective = Code("unknownDirective")
        /// A malformed `-- strata:replaces` list.
        public static let invalidReplaces = Code("invalidReplaces")
        /// The SQL splitter could not read the script (e.g. an unterminated string).
        public static let invalidSQL = Code("invalidSQL")
    }

    /// The kind of error.
    public let code: Code
    /// The file as displayed (`migrations/003_users.sql`); nil when the error is about the
    /// directory itself (the message names it).
    public let file: String?
    /// The 1-based line in ``file``, when the error is on one line.
    public let line: Int?
    /// The second file involved, for duplicates and conflicts (the message names it too).
    public let otherFile: String?
    /// What is wrong and what to do, without the location
    /// (`'-- migrate:down' before '-- migrate:up'; put the up section first.`).
    public let message: String

    /// Creates an error.
    public init(_ code: Code, file: String?, line: Int? = nil, otherFile: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.otherFile = otherFile
        self.message = message
    }

    /// `file:line: message`, `file: message`, or the message alone for directory errors.
    public var description: String {
        guard let file else { return message }
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
