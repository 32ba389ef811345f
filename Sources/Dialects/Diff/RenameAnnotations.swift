import SQLText
import SchemaDiff

/// The renames a desired-state `schema.sql` declares with `-- strata:renamed from=OLD`:
/// on (or just above) a column's line inside `CREATE TABLE`, the column was called OLD;
/// on (or just above) the `CREATE TABLE` line, the table was.
///
/// The comments are found with the splitter's lexer, which knows where code, strings and
/// comments are; nothing of the DDL is parsed beyond the table's name and the first word
/// of a column's line.
public enum RenameAnnotations {
    /// An annotation that names no column or table.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The file.
        public var file: String
        /// The annotation's line.
        public var line: Int
        /// What is wrong.
        public var problem: String

        /// `file:line: problem`.
        public var description: String { "\(file):\(line): \(problem)" }
    }

    static let marker = "-- strata:renamed"

    /// Reads the annotations of `script`.
    ///
    /// - Parameters:
    ///   - script: The DDL.
    ///   - file: Its name, for errors.
    ///   - dialect: The engine, for splitting and for folding unquoted names.
    /// - Throws: ``Failure`` naming the file and line of an annotation that is malformed
    ///   or not on a column or `CREATE TABLE` line; `SQLSplitError`.
    public static func read(_ script: String, file: String, dialect: SQLDialect) throws -> [Rename] {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let annotations = lines.enumerated().compactMap { index, text -> (line: Int, from: String)? in
            guard let range = text.range(of: marker) else { return nil }
            return (index + 1, String(text[range.upperBound...]))
        }
        guard !annotations.isEmpty else { return [] }
        let splitter = SQLSplitter(dialect: dialect)
        let statements = try splitter.split(script)
        var renames: [Rename] = []
        for annotation in annotations {
            let old = try oldName(annotation.from, file: file, line: annotation.line, dialect: dialect)
            // The statement the annotation is in, or the one right after it.
            guard let statement = statements.first(where: { $0.line + lineCount($0.text) - 1 >= annotation.line }) else {
                throw Failure(file: file, line: annotation.line, problem: "'\(marker)' is after the last statement; put it on the line of the renamed column or table")
            }
            let tokens = positionedTokens(statement, splitter: splitter)
            guard let table = tableName(tokens, dialect: dialect) else {
                throw Failure(file: file, line: annotation.line, problem: "'\(marker)' is not inside a CREATE TABLE; put it on the line of the renamed column or of CREATE TABLE")
            }
            if annotation.line <= table.line {
                renames.append(.table(from: old, to: table.name))
                continue
            }
            let onLine = tokens.filter { $0.line == annotation.line }
            let nextLine = tokens.first { $0.line > annotation.line }?.line
            let candidates = onLine.isEmpty ? tokens.filter { $0.line == nextLine } : onLine
            guard let first = candidates.first, first.token.kind == .word || first.token.kind == .quotedIdentifier,
                  !constraintWords.contains(where: first.token.isWord)
            else {
                throw Failure(file: file, line: annotation.line, problem: "'\(marker)' is not on a column's line; put it on the line that declares the renamed column")
            }
            renames.append(.column(table: table.name, from: old, to: name(first.token, dialect: dialect)))
        }
        return renames
    }

    private static let constraintWords = ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "KEY", "INDEX", "EXCLUDE", "FULLTEXT", "SPATIAL"]

    private static func oldName(_ rest: String, file: String, line: Int, dialect: SQLDialect) throws -> String {
        let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard let first = words.first, first.hasPrefix("from="), first.count > 5 else {
            throw Failure(file: file, line: line, problem: "'\(marker)' needs the old name: write '\(marker) from=old_name'")
        }
        let raw = String(first.dropFirst(5))
        if let quote = raw.first, quote == "\"" || quote == "`", raw.count >= 2, raw.last == quote {
            return String(raw.dropFirst().dropLast())
        }
        return dialect == .postgres ? raw.lowercased() : raw
    }

    private struct Positioned {
        var token: SQLCodeToken
        var line: Int
    }

    private static func positionedTokens(_ statement: SQLStatement, splitter: SQLSplitter) -> [Positioned] {
        let bytes = Array(statement.text.utf8)
        var newlinesBefore = [Int](repeating: 0, count: bytes.count + 1)
        var count = 0
        for (index, byte) in bytes.enumerated() {
            newlinesBefore[index] = count
            if byte == UInt8(ascii: "\n") { count += 1 }
        }
        newlinesBefore[bytes.count] = count
        return splitter.codeTokens(statement.text).map { token in
            Positioned(token: token, line: statement.line + newlinesBefore[min(token.utf8Range.lowerBound, bytes.count)])
        }
    }

    /// The table a `CREATE TABLE` statement creates, and the line of its name.
    private static func tableName(_ tokens: [Positioned], dialect: SQLDialect) -> (name: String, line: Int)? {
        var index = 0
        func word(_ keyword: String) -> Bool {
            guard index < tokens.count, tokens[index].token.isWord(keyword) else { return false }
            index += 1
            return true
        }
        guard word("CREATE") else { return nil }
        while word("TEMP") || word("TEMPORARY") || word("UNLOGGED") || word("GLOBAL") || word("LOCAL") {}
        guard word("TABLE") else { return nil }
        if word("IF") { _ = word("NOT"); _ = word("EXISTS") }
        guard index < tokens.count else { return nil }
        var nameToken = tokens[index]
        // schema.table: the last part names the table.
        while index + 2 < tokens.count, tokens[index + 1].token.kind == .symbol, tokens[index + 1].token.text == "." {
            index += 2
            nameToken = tokens[index]
        }
        return (name(nameToken.token, dialect: dialect), nameToken.line)
    }

    private static func name(_ token: SQLCodeToken, dialect: SQLDialect) -> String {
        if token.kind == .quotedIdentifier {
            let inner = token.text.dropFirst().dropLast()
            let close = token.text.last.map(String.init) ?? ""
            return inner.replacingDoubled(close)
        }
        return dialect == .postgres ? token.text.lowercased() : token.text
    }

    private static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}

extension Substring {
    /// The text with every doubled `quote` (an escaped quote inside a quoted name) single.
    fileprivate func replacingDoubled(_ quote: String) -> String {
        guard !quote.isEmpty, quote != "]" else { return String(self) }
        var out = ""
        var previousWasQuote = false
        for character in self {
            if String(character) == quote {
                if previousWasQuote { previousWasQuote = false; continue }
                previousWasQuote = true
            } else {
                previousWasQuote = false
            }
            out.append(character)
        }
        return out
    }
}
