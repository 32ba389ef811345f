/// One token of SQL code as the splitter's lexer reads it: a word, a quoted string or
/// identifier, or one punctuation character. Comments and whitespace are not tokens; a
/// token records whether any came before it.
///
/// For reading an engine's stored definitions (SQLite's `sqlite_schema.sql`) token by
/// token, robust to comments, quotes and odd names, without a grammar. A number is not
/// one token: `1.5` is the words `1` and `5` around the symbol `.`, with no gap between.
///
/// ## Topics
///
/// ### Reading a token
/// - ``kind-swift.property``
/// - ``Kind-swift.enum``
/// - ``text``
/// - ``utf8Range``
/// - ``followsGap``
/// - ``isWord(_:)``
public struct SQLCodeToken: Sendable, Hashable {
    /// What a token is.
    public enum Kind: Sendable, Hashable {
        /// A run of letters, digits, `_`, `$` and non-ASCII characters (a keyword, a bare
        /// name or the digits of a number).
        case word
        /// A string literal `'…'`, quotes included.
        case string
        /// A quoted identifier `"…"`, `` `…` `` or `[…]`, quotes included.
        case quotedIdentifier
        /// One punctuation character (`(`, `,`, `.`, `-`, …), or a PostgreSQL dollar quote.
        case symbol
    }

    /// What this token is.
    public var kind: Kind
    /// Its text, exactly as written.
    public var text: String
    /// Its byte range in the UTF-8 encoding of the text it was read from.
    public var utf8Range: Range<Int>
    /// Whether whitespace or a comment separates it from the token before it.
    public var followsGap: Bool

    /// Creates a token.
    public init(kind: Kind, text: String, utf8Range: Range<Int>, followsGap: Bool) {
        self.kind = kind
        self.text = text
        self.utf8Range = utf8Range
        self.followsGap = followsGap
    }

    /// Whether this is the word `keyword`, compared without regard to ASCII case.
    public func isWord(_ keyword: String) -> Bool {
        kind == .word && text.utf8.count == keyword.utf8.count
            && zip(text.utf8, keyword.utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
    }
}

extension SQLSplitter {
    /// The code tokens of `text`, in order; comments and whitespace are skipped, and
    /// statement delimiters are symbols.
    ///
    /// Meant for one statement: a MySQL `DELIMITER` line is not read as one.
    public func codeTokens(_ text: String) -> [SQLCodeToken] {
        var text = text
        let dialect = self.dialect
        return text.withUTF8 { bytes in
            var lexer = SQLLexer(bytes: bytes, dialect: dialect, reportsTrivia: false)
            var tokens: [SQLCodeToken] = []
            var previousEnd = 0
            while let token = lexer.next() {
                switch token.kind {
                case .code, .terminator, .clientCommand:
                    let first = bytes[token.start]
                    let kind: SQLCodeToken.Kind
                    if isWordByte(first), !(first == 0x24 && token.end - token.start > 1 && bytes[token.end - 1] == 0x24) {
                        kind = .word
                    } else if first == 0x27 {
                        kind = .string
                    } else if first == 0x22 || first == 0x60 || (first == 0x5B && dialect == .sqlite) {
                        kind = .quotedIdentifier
                    } else {
                        kind = .symbol
                    }
                    tokens.append(SQLCodeToken(
                        kind: kind, text: bytes.string(token.start, token.end),
                        utf8Range: token.start..<token.end, followsGap: token.start > previousEnd && !tokens.isEmpty
                    ))
                    previousEnd = token.end
                case .whitespace, .comment, .byteOrderMark:
                    break
                }
            }
            return tokens
        }
    }
}
