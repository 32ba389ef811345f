/// Splits SQL scripts into statements, the way the engine's own client would.
///
/// The splitter knows, per ``SQLDialect``, which quotes and comments exist, and so which
/// `;` ends a statement:
///
/// - strings `'…'` (a doubled quote escapes; MySQL also backslash escapes; PostgreSQL
///   `E'…'` too), quoted identifiers `"…"`, `` `…` `` (MySQL, SQLite) and `[…]` (SQLite);
/// - comments `-- …` (MySQL: only with a space or control character after `--`),
///   `# …` (MySQL), `/* … */` (nested in PostgreSQL); MySQL's executable comments
///   `/*! … */`, `/*M! … */` and optimizer hints `/*+ … */` are code, not comments;
/// - PostgreSQL dollar quotes `$$…$$`, `$tag$…$tag$`, and parentheses (a `;` inside them
///   does not end a statement, as in `psql`);
/// - bodies with inner `;`: SQLite `CREATE [TEMP] TRIGGER … BEGIN … END`, PostgreSQL
///   `CREATE [OR REPLACE] FUNCTION|PROCEDURE … BEGIN ATOMIC … END`, MySQL
///   `CREATE … PROCEDURE|FUNCTION|TRIGGER|EVENT … BEGIN … END` (nested blocks, `CASE`,
///   `END IF`, `END LOOP`, …) and MariaDB's `BEGIN NOT ATOMIC … END`; a plain `BEGIN;`
///   is a transaction statement;
/// - the MySQL client's `DELIMITER` command, which changes the delimiter until the next
///   `DELIMITER` line and is not a statement itself.
///
/// Empty statements (only `;`, whitespace or comments) are dropped; the last statement
/// needs no delimiter. A byte order mark at the start is skipped.
///
/// ## Errors
///
/// Text the server would reject — an unterminated string, quoted identifier, comment or
/// dollar quote — is not an error here: the rest of the script becomes the last
/// statement, and the engine reports the problem with its own message when it runs it.
/// (SQLite accepts a `/*` comment left open at the end, so there it is a comment.) The
/// only errors are misuses of MySQL's `DELIMITER`, which is never sent to the server and so
/// can only be reported here: see ``SQLSplitError``. For SQLite and PostgreSQL the
/// throwing methods never throw.
///
/// ## Topics
///
/// ### Splitting
/// - ``split(_:)``
/// - ``segments(_:)``
///
/// ### Checksums
/// - ``normalized(_:)``
public struct SQLSplitter: Sendable, Hashable {
    /// The dialect whose syntax the splitter follows.
    public var dialect: SQLDialect

    /// Creates a splitter for `dialect`.
    public init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    // MARK: - Splitting

    /// Splits a script into statements.
    ///
    /// Each statement's text runs from its first token to the end of its last token,
    /// without the delimiter and without comments or whitespace before or after it.
    ///
    /// - Parameter script: The whole script.
    /// - Returns: The non-empty statements, in order, with the line and column of their
    ///   first token.
    /// - Throws: ``SQLSplitError`` for a misused MySQL `DELIMITER` command; never for
    ///   SQLite or PostgreSQL.
    public func split(_ script: String) throws(SQLSplitError) -> [SQLStatement] {
        let dialect = self.dialect
        return try withBytes(of: script) { bytes in
            var lexer = SQLLexer(bytes: bytes, dialect: dialect, reportsTrivia: false)
            var locator = SQLLocator(bytes: bytes)
            var statements: [SQLStatement] = []
            var first = -1
            var last = 0
            func flush() {
                guard first >= 0 else { return }
                let (line, column) = locator.locate(first)
                statements.append(SQLStatement(text: bytes.string(first, last), line: line, column: column))
                first = -1
            }
            while let token = lexer.next() {
                switch token.kind {
                case .code:
                    if first < 0 { first = token.start }
                    last = token.end
                case .terminator:
                    flush()
                default:
                    break
                }
            }
            if let failure = lexer.failure { return .failure(locator.error(failure)) }
            flush()
            return .success(statements)
        }
    }

    /// Cuts a script into consecutive segments — statements, delimiters, comments,
    /// whitespace, client commands — that together give back the script exactly.
    ///
    /// This is the lossless view behind ``split(_:)``: the ``SQLSegment/Kind/statement``
    /// segments are the statements `split` returns, with the same text and position.
    ///
    /// - Throws: ``SQLSplitError`` for a misused MySQL `DELIMITER` command; never for
    ///   SQLite or PostgreSQL.
    public func segments(_ script: String) throws(SQLSplitError) -> [SQLSegment] {
        let dialect = self.dialect
        return try withBytes(of: script) { bytes in
            var lexer = SQLLexer(bytes: bytes, dialect: dialect, reportsTrivia: true)
            var locator = SQLLocator(bytes: bytes)
            var segments: [SQLSegment] = []
            // Comments and whitespace after the current statement's last code token.
            var trailing: [SQLToken] = []
            var first = -1
            var last = 0
            func emit(_ kind: SQLSegment.Kind, _ start: Int, _ end: Int) {
                let (line, column) = locator.locate(start)
                segments.append(
                    SQLSegment(kind: kind, text: bytes.string(start, end), utf8Offset: start, line: line, column: column)
                )
            }
            func emit(_ token: SQLToken) {
                switch token.kind {
                case .whitespace: emit(.whitespace, token.start, token.end)
                case .comment: emit(.comment, token.start, token.end)
                case .code: emit(.statement, token.start, token.end)
                case .terminator: emit(.delimiter, token.start, token.end)
                case .clientCommand: emit(.clientCommand, token.start, token.end)
                case .byteOrderMark: emit(.byteOrderMark, token.start, token.end)
                }
            }
            func flush() {
                guard first >= 0 else { return }
                emit(.statement, first, last)
                for token in trailing { emit(token) }
                trailing.removeAll(keepingCapacity: true)
                first = -1
            }
            while let token = lexer.next() {
                switch token.kind {
                case .code:
                    if first < 0 { first = token.start }
                    trailing.removeAll(keepingCapacity: true)
                    last = token.end
                case .terminator:
                    flush()
                    emit(token)
                default:
                    if first < 0 { emit(token) } else { trailing.append(token) }
                }
            }
            if let failure = lexer.failure { return .failure(locator.error(failure)) }
            flush()
            return .success(segments)
        }
    }

    // MARK: - Checksums

    /// The normalized form of a script, for the "semantic" checksum of a migration.
    ///
    /// The statements as ``split(_:)`` sees them, joined with `";\n"`, where each
    /// statement has its comments removed and its whitespace outside literals and quoted
    /// identifiers removed, except that a run of whitespace and comments becomes one space
    /// between two word characters (letters, digits, `_`, `$`, non-ASCII), and also where
    /// removing it would fuse two tokens into a different one: `- -` (not `--`), `/ *`,
    /// `'a' 'b'` (not `'a''b'`), and a word before a quote (`E 'x'` is not `E'x'`). Case is
    /// kept, and MySQL executable comments (`/*! … */`) are code and kept as written.
    ///
    /// So re-indenting, re-wrapping lines, adding or removing comments or blank lines, or
    /// spaces around punctuation gives the same string; changing any token does not.
    ///
    /// - Throws: ``SQLSplitError`` for a misused MySQL `DELIMITER` command; never for
    ///   SQLite or PostgreSQL.
    public func normalized(_ script: String) throws(SQLSplitError) -> String {
        let dialect = self.dialect
        return try withBytes(of: script) { bytes in
            var failure: SQLLexerFailure?
            // Each separator ";\n" stands for at least one delimiter byte and each
            // statement for at least one more byte, and a kept space replaces at least one
            // byte of whitespace or comment: the result fits in 1.5 times the input.
            let capacity = bytes.count + bytes.count / 2 + 2
            let text = String(unsafeUninitializedCapacity: capacity) { output in
                guard let source = bytes.baseAddress, let target = output.baseAddress else { return 0 }
                var lexer = SQLLexer(bytes: bytes, dialect: dialect, reportsTrivia: false)
                var written = 0
                // The end of the statement's last code token, or -1 between statements;
                // whitespace and comments are skipped, so a gap is `start > lastEnd`.
                var lastEnd = -1
                var lastLength = 0
                while let token = lexer.next() {
                    switch token.kind {
                    case .code:
                        if lastEnd < 0 {
                            if written > 0 {
                                output[written] = 0x3B
                                output[written + 1] = 0x0A
                                written += 2
                            }
                        } else if token.start > lastEnd,
                                  needsSpace(between: bytes[lastEnd - 1], isSymbol: lastLength == 1, and: bytes[token.start]) {
                            output[written] = 0x20
                            written += 1
                        }
                        lastEnd = token.end
                        let length = token.end - token.start
                        lastLength = length
                        precondition(written + length <= capacity, "SQLSplitter.normalized: output bound exceeded")
                        (target + written).update(from: source + token.start, count: length)
                        written += length
                    case .terminator:
                        lastEnd = -1
                    case .whitespace, .comment, .clientCommand, .byteOrderMark:
                        break
                    }
                }
                failure = lexer.failure
                return failure == nil ? written : 0
            }
            if let failure {
                var locator = SQLLocator(bytes: bytes)
                return .failure(locator.error(failure))
            }
            return .success(text)
        }
    }
}

/// Whether whitespace or a comment between two tokens must be kept as one space in the
/// normalized form, given the last byte before it (`isSymbol`: the previous token is that
/// one byte) and the first byte after it.
@inline(__always)
func needsSpace(between previous: UInt8, isSymbol: Bool, and next: UInt8) -> Bool {
    if isWordByte(previous) {
        return isWordByte(next) || next == 0x27 || next == 0x22
    }
    switch (previous, next) {
    case (0x27, 0x27), (0x22, 0x22), (0x60, 0x60):
        return true
    case (0x2D, 0x2D), (0x2F, 0x2A):
        // `- -` is not a comment, `/ *` is not one either; `*/*` after a MySQL
        // executable comment is fine as it is.
        return isSymbol
    default:
        return false
    }
}

/// Runs `body` over the script's UTF-8 bytes (contiguous; copied only if the string is
/// not stored natively), then throws the failure it returns, if any.
private func withBytes<Value>(
    of script: String,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result<Value, SQLSplitError>
) throws(SQLSplitError) -> Value {
    var script = script
    return try script.withUTF8(body).get()
}

extension UnsafeBufferPointer<UInt8> {
    /// The text of `self[start..<end]`, which starts and ends on character boundaries.
    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[start..<end]), as: UTF8.self)
    }
}
