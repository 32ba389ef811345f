// The byte-level lexer behind `SQLSplitter`.
//
// It walks a script's UTF-8 bytes once and reports tokens of six kinds: whitespace runs,
// comments, code (a word, a quoted string or identifier, a dollar quote, a punctuation
// byte), statement terminators, MySQL client commands and the byte order mark. It
// decides which `;` ends a statement, so it keeps a little statement state: the first
// words of the statement (to recognise bodies such as `CREATE TRIGGER … BEGIN … END`),
// the `BEGIN`/`CASE`/`END` nesting depth and, for PostgreSQL, the parenthesis depth.
//
// Token boundaries always fall on ASCII bytes or at the ends of the script (every byte
// >= 0x80 belongs to a word, a quoted token or a comment), so every token is valid UTF-8.

/// What a lexer token is.
enum SQLTokenKind: UInt8 {
    case whitespace
    case comment
    case code
    case terminator
    case clientCommand
    case byteOrderMark
}

/// One token: its kind and its byte range in the script.
struct SQLToken {
    var kind: SQLTokenKind
    var start: Int
    var end: Int
}

/// A `DELIMITER` misuse found by the lexer, before its offset is turned into a line.
struct SQLLexerFailure {
    var code: SQLSplitError.Code
    var offset: Int
    var message: String
}

/// The lexer: one pass over `bytes`, one token per `next()` call.
struct SQLLexer {
    /// Where a statement's first words have led so far.
    private enum Prefix {
        /// No code token yet.
        case start
        /// After `CREATE` (and possibly more words that keep the question open).
        case create
        /// MySQL/MariaDB: after a first word `BEGIN` (`BEGIN NOT ATOMIC` opens a block).
        case begin
        /// Decided.
        case done
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let count: Int
    private let dialect: SQLDialect
    private let isMySQL: Bool
    private let isPostgres: Bool
    private let isSQLite: Bool

    private(set) var position = 0
    private(set) var failure: SQLLexerFailure?

    /// The MySQL `DELIMITER` string, when it is not `;`.
    private(set) var customDelimiter: [UInt8] = []
    private var firstDelimiterByte: UInt8 = 0
    /// True while a MySQL `DELIMITER` other than `;` is in force.
    private(set) var hasCustomDelimiter = false

    // Statement state, reset after each terminator.
    private var prefix = Prefix.start
    private var prefixWords = 0
    private var isBlockStatement = false
    private var blockDepth = 0
    private var parenthesisDepth = 0
    private var lastCodeWasEnd = false
    private var lastEndClosedBlock = false
    private var lastCodeEnd = -1
    private var lastCodeByte: UInt8 = 0

    /// Whether whitespace and comment tokens are returned (else skipped).
    private let reportsTrivia: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, dialect: SQLDialect, reportsTrivia: Bool) {
        self.reportsTrivia = reportsTrivia
        self.bytes = bytes
        self.count = bytes.count
        self.dialect = dialect
        self.isMySQL = dialect == .mysql
        self.isPostgres = dialect == .postgres
        self.isSQLite = dialect == .sqlite
    }


    // MARK: - Tokens

    /// The next token, or nil at the end of the script or after a failure.
    ///
    /// Without `reportsTrivia`, whitespace and comment tokens are skipped: a consumer
    /// sees a gap between two code tokens of a statement as `start > previous.end`.
    @inline(__always)
    mutating func next() -> SQLToken? {
        while position < count, failure == nil {
            let start = position
            let byte = bytes[start]
            if hasCustomDelimiter, byte == firstDelimiterByte, delimiterMatches(at: start) {
                position += customDelimiter.count
                resetStatement()
                return SQLToken(kind: .terminator, start: start, end: position)
            }
            if isWordByte(byte) {
                if byte == 0x24, isPostgres, skipDollarQuote() {
                    return codeToken(from: start)
                }
                if byte == 0xEF, start == 0, count >= 3, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    position = 3
                    return SQLToken(kind: .byteOrderMark, start: 0, end: 3)
                }
                return word(from: start)
            }
            if isSpace(byte) {
                position += 1
                while position < count, isSpace(bytes[position]) { position += 1 }
                if reportsTrivia { return SQLToken(kind: .whitespace, start: start, end: position) }
                continue
            }
            if let token = symbol(from: start) { return token }
        }
        return nil
    }

    /// A token starting with an ASCII byte that is neither a word byte nor a space; nil
    /// for a comment that is not reported.
    private mutating func symbol(from start: Int) -> SQLToken? {
        let byte = bytes[start]
        switch byte {
        case 0x3B: // ;
            position += 1
            if !hasCustomDelimiter, parenthesisDepth == 0, !(isBlockStatement && blockDepth > 0) {
                resetStatement()
                return SQLToken(kind: .terminator, start: start, end: position)
            }
            return codeToken(from: start)
        case 0x2D: // -
            if start + 1 < count, bytes[start + 1] == 0x2D, !isMySQL || dashDashStartsMySQLComment(at: start) {
                skipLineComment()
                return comment(from: start)
            }
            position += 1
            return codeToken(from: start)
        case 0x23 where isMySQL: // #
            skipLineComment()
            return comment(from: start)
        case 0x2F where start + 1 < count && bytes[start + 1] == 0x2A: // /*
            return blockComment(from: start)
        case 0x27: // '
            skipQuoted(0x27, backslashEscapes: isMySQL)
            return codeToken(from: start)
        case 0x22: // "
            skipQuoted(0x22, backslashEscapes: isMySQL)
            return codeToken(from: start)
        case 0x60 where !isPostgres: // `
            skipQuoted(0x60, backslashEscapes: false)
            return codeToken(from: start)
        case 0x5B where isSQLite: // [
            position += 1
            while position < count, bytes[position] != 0x5D { position += 1 }
            position = min(position + 1, count)
            return codeToken(from: start)
        case 0x28 where isPostgres: // (
            parenthesisDepth += 1
            position += 1
            return codeToken(from: start)
        case 0x29 where isPostgres: // )
            if parenthesisDepth > 0 { parenthesisDepth -= 1 }
            position += 1
            return codeToken(from: start)
        default:
            position += 1
            return codeToken(from: start)
        }
    }

    /// A comment token ending at `position`, or nil when comments are not reported.
    @inline(__always)
    private func comment(from start: Int) -> SQLToken? {
        reportsTrivia ? SQLToken(kind: .comment, start: start, end: position) : nil
    }

    /// Records a code token that ends at `position`; a word has already updated `prefix`.
    @inline(__always)
    private mutating func codeToken(from start: Int, isWord: Bool = false) -> SQLToken {
        if !isWord, prefix == .start || prefix == .begin { prefix = .done }
        lastCodeWasEnd = false
        lastCodeEnd = position
        lastCodeByte = bytes[position - 1]
        return SQLToken(kind: .code, start: start, end: position)
    }

    private mutating func resetStatement() {
        prefix = .start
        prefixWords = 0
        isBlockStatement = false
        blockDepth = 0
        parenthesisDepth = 0
        lastCodeWasEnd = false
        lastEndClosedBlock = false
        lastCodeEnd = -1
        lastCodeByte = 0
    }

    // MARK: - Words and keywords

    @inline(__always)
    private mutating func word(from start: Int) -> SQLToken {
        position += 1
        if hasCustomDelimiter {
            while position < count, isWordByte(bytes[position]),
                  !(bytes[position] == firstDelimiterByte && delimiterMatches(at: position)) {
                position += 1
            }
        } else {
            while position < count, isWordByte(bytes[position]) { position += 1 }
        }
        let length = position - start
        // PostgreSQL E'…' (escape string): backslashes escape, the prefix is part of the token.
        if isPostgres, length == 1, bytes[start] | 0x20 == 0x65, position < count, bytes[position] == 0x27 {
            skipQuoted(0x27, backslashEscapes: true)
            return codeToken(from: start)
        }
        // A qualified name's part (`NEW.end`) is never a keyword.
        let isQualified = lastCodeEnd == start && lastCodeByte == 0x2E
        if length >= 2, length <= 10, !isQualified, prefix != .done || isBlockStatement {
            let keyword = Keyword(bytes: bytes, start: start, length: length)
            if keyword != .none {
                return keywordToken(keyword, from: start)
            }
        }
        if prefix != .done { advancePrefix(with: .none) }
        return codeToken(from: start, isWord: true)
    }

    private mutating func keywordToken(_ keyword: Keyword, from start: Int) -> SQLToken {
        if keyword == .delimiter, isMySQL, prefix == .start {
            return delimiterCommand(from: start)
        }
        if prefix != .done { advancePrefix(with: keyword) }
        let followsEnd = lastCodeWasEnd
        var isEnd = false
        switch keyword {
        case .begin:
            blockDepth += 1
        case .case:
            // `END CASE` closes the CASE its END already counted.
            if !followsEnd { blockDepth += 1 }
        case .end:
            isEnd = true
            lastEndClosedBlock = blockDepth > 0
            if blockDepth > 0 { blockDepth -= 1 }
        case .if, .loop, .while, .repeat:
            // MySQL `END IF` / `END LOOP` / …: their openers are not counted, so undo the END.
            if isMySQL, followsEnd, lastEndClosedBlock { blockDepth += 1 }
        default:
            break
        }
        let token = codeToken(from: start, isWord: true)
        lastCodeWasEnd = isEnd
        return token
    }

    /// Follows the statement's first words to tell a compound body (`BEGIN … END` with
    /// inner `;`) from an ordinary statement.
    private mutating func advancePrefix(with keyword: Keyword) {
        switch prefix {
        case .start:
            if keyword == .create {
                prefix = .create
            } else if keyword == .begin, isMySQL {
                prefix = .begin
            } else {
                prefix = .done
            }
        case .begin:
            // MariaDB's anonymous block `BEGIN NOT ATOMIC … END`.
            if keyword == .not { isBlockStatement = true }
            prefix = .done
        case .create:
            prefixWords += 1
            switch dialect {
            case .sqlite:
                switch keyword {
                case .temp, .temporary: break
                case .trigger: isBlockStatement = true; prefix = .done
                default: prefix = .done
                }
            case .postgres:
                switch keyword {
                case .or, .replace: break
                case .function, .procedure: isBlockStatement = true; prefix = .done
                default: prefix = .done
                }
            case .mysql:
                switch keyword {
                case .procedure, .function, .trigger, .event: isBlockStatement = true; prefix = .done
                case .table, .view, .index, .unique, .fulltext, .spatial, .database, .schema, .user,
                     .role, .temporary, .server, .tablespace, .logfile, .resource, .sequence:
                    prefix = .done
                default:
                    // OR REPLACE, DEFINER = user@host, AGGREGATE, IF NOT EXISTS …
                    if prefixWords > 16 { prefix = .done }
                }
            }
        case .done:
            break
        }
    }

    // MARK: - Comments, quotes, dollar quotes

    /// MySQL needs whitespace or a control character after `--`. A bare `--` at the very
    /// end is code here, so that a statement split again gives itself.
    private func dashDashStartsMySQLComment(at start: Int) -> Bool {
        guard start + 2 < count else { return false }
        let next = bytes[start + 2]
        return next <= 0x20 || next == 0x7F
    }

    private mutating func skipLineComment() {
        if isPostgres {
            while position < count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
        } else {
            while position < count, bytes[position] != 0x0A { position += 1 }
        }
    }

    private mutating func blockComment(from start: Int) -> SQLToken? {
        var index = start + 2
        if isMySQL, index < count {
            let marker = bytes[index]
            let isExecutable = marker == 0x21 // /*!
                || (marker == 0x4D && index + 1 < count && bytes[index + 1] == 0x21) // /*M!
                || (marker == 0x2B && prefix != .start) // /*+ optimizer hint inside a statement
            if isExecutable {
                while index + 1 < count, !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                position = index + 1 < count ? index + 2 : count
                return codeToken(from: start)
            }
        }
        var depth = 1
        while index < count {
            let byte = bytes[index]
            if byte == 0x2A, index + 1 < count, bytes[index + 1] == 0x2F {
                index += 2
                depth -= 1
                if depth == 0 {
                    position = index
                    return comment(from: start)
                }
            } else if isPostgres, byte == 0x2F, index + 1 < count, bytes[index + 1] == 0x2A {
                index += 2
                depth += 1
            } else {
                index += 1
            }
        }
        position = count
        // SQLite accepts a comment left open at the end of input; the other engines reject
        // it, so it stays in the statement for the server to report.
        return isSQLite ? comment(from: start) : codeToken(from: start)
    }

    /// Skips a quoted token starting at `position` (on its opening quote); a doubled quote
    /// is an escaped quote. Unterminated: up to the end of the script.
    private mutating func skipQuoted(_ quote: UInt8, backslashEscapes: Bool) {
        var index = position + 1
        while index < count {
            let byte = bytes[index]
            if byte == quote {
                if index + 1 < count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                position = index + 1
                return
            }
            index += backslashEscapes && byte == 0x5C ? 2 : 1
        }
        position = count
    }

    /// At a `$` in PostgreSQL: skips a dollar-quoted string (`$$…$$`, `$tag$…$tag$`) and
    /// returns true, or returns false for anything else (`$1`).
    private mutating func skipDollarQuote() -> Bool {
        let start = position
        var index = start + 1
        guard index < count else { return false }
        if bytes[index] != 0x24 {
            guard isTagStart(bytes[index]) else { return false }
            index += 1
            while index < count, isTagStart(bytes[index]) || (bytes[index] >= 0x30 && bytes[index] <= 0x39) {
                index += 1
            }
            guard index < count, bytes[index] == 0x24 else { return false }
        }
        let tagLength = index - start + 1
        index += 1
        while index < count {
            if bytes[index] == 0x24, index + tagLength <= count, sameBytes(at: index, as: start, length: tagLength) {
                position = index + tagLength
                return true
            }
            index += 1
        }
        position = count
        return true
    }

    // MARK: - MySQL DELIMITER

    private func delimiterMatches(at index: Int) -> Bool {
        let length = customDelimiter.count
        guard index + length <= count else { return false }
        for offset in 1..<max(length, 1) where bytes[index + offset] != customDelimiter[offset] {
            return false
        }
        return true
    }

    /// Reads `DELIMITER <string>` up to the end of its line. On a misuse, records the
    /// failure (which stops the lexer) and returns the word alone.
    private mutating func delimiterCommand(from start: Int) -> SQLToken {
        var index = position
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        var argumentStart = index
        var argumentEnd = index
        if index < count, bytes[index] == 0x27 || bytes[index] == 0x22 || bytes[index] == 0x60 {
            let quote = bytes[index]
            var close = index + 1
            while close < count, bytes[close] != quote, bytes[close] != 0x0A, bytes[close] != 0x0D { close += 1 }
            if close < count, bytes[close] == quote {
                argumentStart = index + 1
                argumentEnd = close
                index = close + 1
            }
        }
        if argumentStart == argumentEnd, argumentStart == index {
            while index < count, !isSpace(bytes[index]) { index += 1 }
            argumentEnd = index
        }
        guard argumentEnd > argumentStart else {
            failure = SQLLexerFailure(
                code: .missingDelimiter, offset: start,
                message: "DELIMITER must be followed by a delimiter string on the same line, e.g. 'DELIMITER $$'."
            )
            return SQLToken(kind: .clientCommand, start: start, end: position)
        }
        let argument = Array(bytes[argumentStart..<argumentEnd])
        if argument.contains(0x5C) {
            failure = SQLLexerFailure(
                code: .invalidDelimiter, offset: start,
                message: "a DELIMITER string cannot contain a backslash; choose another, e.g. '$$' or '//'."
            )
            return SQLToken(kind: .clientCommand, start: start, end: position)
        }
        while index < count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        position = index
        customDelimiter = argument == [0x3B] ? [] : argument
        firstDelimiterByte = customDelimiter.first ?? 0
        hasCustomDelimiter = !customDelimiter.isEmpty
        resetStatement()
        return SQLToken(kind: .clientCommand, start: start, end: position)
    }

    // MARK: - Bytes

    private func sameBytes(at index: Int, as other: Int, length: Int) -> Bool {
        for offset in 0..<length where bytes[index + offset] != bytes[other + offset] {
            return false
        }
        return true
    }
}

/// Space, tab, line feed, carriage return, vertical tab, form feed.
@inline(__always)
func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
}

/// A byte of a word: ASCII letter or digit, `_`, `$`, or any byte of a non-ASCII character.
@inline(__always)
func isWordByte(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
        || byte == 0x5F || byte == 0x24
}

/// A byte that may start a PostgreSQL dollar-quote tag: letter, `_` or non-ASCII.
@inline(__always)
private func isTagStart(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= 0x61 && lower <= 0x7A) || byte >= 0x80 || byte == 0x5F
}
