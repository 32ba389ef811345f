import SQLText

/// One direction of a migration (its up or its down SQL), with where it comes from.
///
/// The script knows its file and the line its SQL starts on, so statements and errors
/// point at lines of the *file*: in `003_users.sql` with `-- migrate:up` on line 1, the
/// up script has ``firstLine`` 2.
///
/// ## Topics
/// ### Reading
/// - ``file``
/// - ``firstLine``
/// - ``sql``
/// - ``dialect``
/// - ``transactional``
/// ### Statements and checksums
/// - ``statements()``
/// - ``checksum``
/// - ``semanticChecksum()``
public struct MigrationScript: Sendable, Hashable {
    /// The file as displayed (`migrations/003_users.sql`).
    public let file: String
    /// The 1-based line of the file on which ``sql`` starts.
    public let firstLine: Int
    /// The SQL of this section, exactly as in the file (line endings included). May be
    /// empty or only comments: a deliberate no-op.
    public let sql: String
    /// The engine the script is split for.
    public let dialect: SQLDialect
    /// Whether the script runs inside a transaction; false for `transaction:false` on the
    /// marker line or `.autocommit.` in a paired file's name.
    public let transactional: Bool
    /// SHA-256 (lowercase hex) of ``sql``'s UTF-8 bytes with CRLF and CR turned into LF:
    /// the checksum kept in the history table and the audit trail.
    public let checksum: String
    /// The semantic checksum when it was computed ahead of time (embedded migrations).
    let knownSemanticChecksum: String?

    /// Creates a script; the checksum is computed from `sql`.
    ///
    /// - Parameters:
    ///   - file: The file as displayed in messages.
    ///   - firstLine: The 1-based line of the file on which `sql` starts.
    ///   - sql: The script's SQL.
    ///   - dialect: The engine it is split for.
    ///   - transactional: Whether it runs inside a transaction.
    public init(file: String, firstLine: Int = 1, sql: String, dialect: SQLDialect, transactional: Bool = true) {
        self.init(
            file: file, firstLine: firstLine, sql: sql, dialect: dialect, transactional: transactional,
            checksum: Checksum.lineEndingNormalized(sql))
    }

    init(file: String, firstLine: Int, sql: String, dialect: SQLDialect, transactional: Bool, checksum: String,
         semanticChecksum: String? = nil) {
        self.file = file
        self.firstLine = firstLine
        self.sql = sql
        self.dialect = dialect
        self.transactional = transactional
        self.checksum = checksum
        self.knownSemanticChecksum = semanticChecksum
    }

    /// The statements of the script, as ``dialect``'s splitter sees them, with their
    /// ``/SQLText/SQLStatement/line`` counted in the *file* (not in the section).
    ///
    /// Empty for an empty or comment-only script.
    ///
    /// - Throws: ``MigrationFileError/Code/invalidSQL`` naming the file and line when the
    ///   splitter refuses the script (a misused MySQL `DELIMITER`).
    public func statements() throws(MigrationFileError) -> [SQLStatement] {
        let offset = firstLine - 1
        return try split().map { statement in
            var statement = statement
            statement.line += offset
            return statement
        }
    }

    /// SHA-256 (lowercase hex) of the statements as the splitter sees them, with comments
    /// and whitespace outside literals removed: it changes only when the meaning may have
    /// changed.
    ///
    /// Computed on each call (it runs the splitter): ask for it only when ``checksum``
    /// differs from the history.
    ///
    /// - Throws: ``MigrationFileError/Code/invalidSQL`` when the splitter refuses the script.
    public func semanticChecksum() throws(MigrationFileError) -> String {
        if let knownSemanticChecksum { return knownSemanticChecksum }
        do {
            return Checksum.sha256(try SQLSplitter(dialect: dialect).normalized(sql))
        } catch {
            throw invalidSQL(error)
        }
    }

    private func split() throws(MigrationFileError) -> [SQLStatement] {
        do {
            return try SQLSplitter(dialect: dialect).split(sql)
        } catch {
            throw invalidSQL(error)
        }
    }

    private func invalidSQL(_ error: SQLSplitError) -> MigrationFileError {
        MigrationFileError(.invalidSQL, file: file, line: error.line + firstLine - 1, message: error.message)
    }
}
