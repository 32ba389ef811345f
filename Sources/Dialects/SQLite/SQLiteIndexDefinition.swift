/// What a stored `CREATE INDEX` text says: its parts (a column or an expression, with
/// `COLLATE` and `DESC` as written) and the `WHERE` of a partial index.
///
/// Read token by token from `sqlite_schema.sql`; `pragma_index_xinfo` stays the authority
/// on which parts are columns and what they are named. Expressions and the predicate are
/// normalised text (see ``SQLiteTokens``), without the parentheses around all of them.
struct SQLiteIndexDefinition {
    /// One key part.
    struct Part {
        /// The column's name, when the part is a lone name.
        var column: String?
        /// The expression's text, when it is not.
        var expression: String?
        /// Its `COLLATE`, as written.
        var collation: String?
        var isDescending = false
    }

    var isUnique = false
    var parts: [Part] = []
    var predicate: String?
    /// What the scan could not read.
    var problems: [String] = []

    /// Scans a stored `CREATE [UNIQUE] INDEX` statement.
    init(sql: String) {
        let t = SQLiteTokens(sql)
        var i = 1
        guard t.isWord(0, "CREATE") else {
            problems.append("an index definition that does not start with CREATE")
            return
        }
        if t.isWord(i, "UNIQUE") {
            isUnique = true
            i += 1
        }
        guard t.isWord(i, "INDEX") else {
            problems.append("a CREATE statement that is not CREATE INDEX")
            return
        }
        i += 1
        if t.isWord(i, "IF"), t.isWord(i + 1, "NOT"), t.isWord(i + 2, "EXISTS") { i += 3 }
        i += 1
        if t.isSymbol(i, "."), t.isName(i + 1) { i += 2 }
        guard t.isWord(i, "ON"), t.isName(i + 1), t.isSymbol(i + 2, "(") else {
            problems.append("an index definition without ON table (parts)")
            return
        }
        i += 2
        let close = t.close(i)
        for item in t.splitOnCommas((i + 1)..<close) {
            parts.append(Self.part(item, in: t))
        }
        i = close + 1
        if t.isWord(i, "WHERE"), i + 1 < t.count {
            predicate = t.text(t.strippingParentheses((i + 1)..<t.count))
        } else if i < t.count {
            problems.append("'\(t[i].text)' after the index's parts")
        }
    }

    /// A part: `expr [COLLATE name] [ASC|DESC]`.
    static func part(_ item: Range<Int>, in t: SQLiteTokens) -> Part {
        var part = Part()
        var end = item.upperBound
        if end > item.lowerBound, t.isWord(end - 1, "DESC") || t.isWord(end - 1, "ASC") {
            part.isDescending = t.isWord(end - 1, "DESC")
            end -= 1
        }
        if end - 2 > item.lowerBound, t.isWord(end - 2, "COLLATE"), t.isName(end - 1) {
            part.collation = t.name(end - 1)
            end -= 2
        }
        let body = t.strippingParentheses(item.lowerBound..<end)
        if body.count == 1, t[body.lowerBound].kind == .word || t[body.lowerBound].kind == .quotedIdentifier {
            part.column = t.name(body.lowerBound)
        } else {
            part.expression = t.text(body)
        }
        return part
    }
}

/// What a stored `CREATE VIEW` text says: its column list and its query as written.
struct SQLiteViewDefinition {
    var columns: [String] = []
    /// The query after `AS`, exactly as stored, from its first token to its last.
    var query: String = ""
    var problems: [String] = []

    /// Scans a stored `CREATE [TEMP] VIEW` statement.
    init(sql: String) {
        let t = SQLiteTokens(sql)
        var i = 1
        if t.isWord(i, "TEMP") || t.isWord(i, "TEMPORARY") { i += 1 }
        guard t.isWord(0, "CREATE"), t.isWord(i, "VIEW") else {
            problems.append("a view definition that does not start with CREATE VIEW")
            return
        }
        i += 1
        if t.isWord(i, "IF"), t.isWord(i + 1, "NOT"), t.isWord(i + 2, "EXISTS") { i += 3 }
        i += 1
        if t.isSymbol(i, "."), t.isName(i + 1) { i += 2 }
        if t.isSymbol(i, "(") {
            let close = t.close(i)
            columns = t.splitOnCommas((i + 1)..<close).compactMap { $0.count == 1 ? t.name($0.lowerBound) : nil }
            i = close + 1
        }
        guard t.isWord(i, "AS"), i + 1 < t.count else {
            problems.append("a view definition without AS query")
            return
        }
        query = t.raw((i + 1)..<t.count)
    }

    /// A query's text as the inspector reads it back from `CREATE VIEW … AS <query>`.
    static func normalizedQuery(_ query: String) -> String {
        let t = SQLiteTokens(query)
        return t.raw(0..<t.count)
    }
}
