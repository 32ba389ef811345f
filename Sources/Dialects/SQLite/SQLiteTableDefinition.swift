import Schema

/// What a stored `CREATE TABLE` text says beyond the pragmas: constraint names, checks,
/// collations, `AUTOINCREMENT`, foreign key deferrability and `MATCH`, generated columns,
/// and anything Strata does not model.
///
/// Read token by token from `sqlite_schema.sql` (the statement as the user wrote it, which
/// SQLite keeps), following SQLite's `CREATE TABLE` grammar. It is the engine's own stored
/// definition, not desired DDL: the pragmas stay the authority on columns, types,
/// nullability, defaults and key columns, and this fills in what they do not tell.
/// Whatever the scan does not recognise is listed in ``problems``, and the table is then
/// marked unsupported.
struct SQLiteTableDefinition {
    /// A column definition.
    struct ColumnDefinition {
        var name: String
        /// Its `COLLATE`, as written.
        var collation: String?
        var isAutoIncrement = false
        /// Whether its inline primary key is `DESC` (which makes an `INTEGER PRIMARY KEY` no rowid alias).
        var isPrimaryKeyDescending = false
        var isGenerated = false
        /// The whole definition as written, from the name to its last token.
        var text: String
        /// The labels of an unnamed inline `CHECK (name IN ('a', …))`, the enum pattern.
        var enumValues: [String]?
        /// That check's expression, for a column whose type turns out not to be `TEXT`.
        var enumCheck: String?
    }

    /// A primary key or unique constraint.
    struct KeyDefinition {
        var name: String?
        var columns: [String]
        /// Whether a part has `COLLATE` or `DESC`, or the key has `ON CONFLICT`.
        var hasOptions = false
    }

    /// A foreign key's name and the clauses the pragma does not report.
    struct ForeignKeyDefinition {
        var name: String?
        var columns: [String]
        var match: ForeignKey.Match = .simple
        var deferrability: Deferrability = .notDeferrable
    }

    var columns: [ColumnDefinition] = []
    var primaryKey: KeyDefinition?
    var uniques: [KeyDefinition] = []
    var checks: [Check] = []
    var foreignKeys: [ForeignKeyDefinition] = []
    var isWithoutRowID = false
    var isStrict = false
    /// What the scan met that Strata does not model, one phrase each.
    var problems: [String] = []

    /// The column definition named `name` (SQLite names are case-insensitive).
    func column(named name: String) -> ColumnDefinition? {
        if let exact = columns.first(where: { $0.name == name }) { return exact }
        let folded = name.lowercased()
        return columns.first { $0.name.lowercased() == folded }
    }
}

// MARK: - Scanning

extension SQLiteTableDefinition {
    /// Scans a stored `CREATE TABLE` statement.
    init(sql: String) {
        let t = SQLiteTokens(sql)
        var scanner = Scanner(t: t)
        scanner.scanTable()
        self = scanner.result
    }
}

private struct Scanner {
    let t: SQLiteTokens
    var i = 0
    var result = SQLiteTableDefinition()

    static let columnConstraintWords: Set<String> = [
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES",
        "GENERATED", "AS", "ON",
    ]
    static let tableConstraintWords: Set<String> = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]

    mutating func problem(_ text: String) {
        if !result.problems.contains(text) { result.problems.append(text) }
    }

    func upper(_ index: Int) -> String? {
        index < t.count && t[index].kind == .word ? t[index].text.uppercased() : nil
    }

    mutating func scanTable() {
        // CREATE [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] [schema.]name
        guard t.isWord(0, "CREATE") else { return problem("a definition that does not start with CREATE") }
        i = 1
        if t.isWord(i, "TEMP") || t.isWord(i, "TEMPORARY") { i += 1 }
        guard t.isWord(i, "TABLE") else { return problem("a CREATE statement that is not CREATE TABLE") }
        i += 1
        if t.isWord(i, "IF"), t.isWord(i + 1, "NOT"), t.isWord(i + 2, "EXISTS") { i += 3 }
        guard t.isName(i) else { return problem("a table name that cannot be read") }
        i += 1
        if t.isSymbol(i, "."), t.isName(i + 1) { i += 2 }
        guard t.isSymbol(i, "(") else { return problem("a CREATE TABLE without a column list") }
        let close = t.close(i)
        var inConstraints = false
        for part in t.splitOnCommas((i + 1)..<close) {
            guard !part.isEmpty else {
                problem("an empty item in the column list")
                continue
            }
            if !inConstraints, let word = upper(part.lowerBound), Self.tableConstraintWords.contains(word) {
                inConstraints = true
            }
            if inConstraints { scanTableConstraints(part) } else { scanColumn(part) }
        }
        i = close + 1
        // Table options: WITHOUT ROWID, STRICT, separated by commas.
        while i < t.count {
            if t.isWord(i, "WITHOUT"), t.isWord(i + 1, "ROWID") {
                result.isWithoutRowID = true
                i += 2
            } else if t.isWord(i, "STRICT") {
                result.isStrict = true
                i += 1
            } else if t.isSymbol(i, ",") {
                i += 1
            } else {
                problem("the table option '\(t[i].text)'")
                i += 1
            }
        }
    }

    // MARK: Columns

    mutating func scanColumn(_ part: Range<Int>) {
        let start = part.lowerBound
        guard t.isName(start) else { return problem("a column definition that does not start with a name") }
        var column = SQLiteTableDefinition.ColumnDefinition(name: t.name(start), text: t.raw(part))
        defer { result.columns.append(column) }
        i = start + 1
        // The type: names, then an optional (n) or (p, s).
        while i < part.upperBound, t.isName(i), !(upper(i).map(Self.columnConstraintWords.contains) ?? false) {
            i += 1
        }
        if t.isSymbol(i, "("), i < part.upperBound { i = t.close(i) + 1 }
        var name: String?
        while i < part.upperBound {
            guard let word = upper(i) else {
                problem("'\(t[i].text)' in the definition of column \(column.name)")
                i += 1
                continue
            }
            switch word {
            case "CONSTRAINT":
                guard t.isName(i + 1) else { return problem("CONSTRAINT without a name") }
                name = t.name(i + 1)
                i += 2
                continue
            case "PRIMARY":
                guard t.isWord(i + 1, "KEY") else { return problem("PRIMARY without KEY") }
                i += 2
                var key = SQLiteTableDefinition.KeyDefinition(name: name, columns: [column.name])
                if t.isWord(i, "ASC") { i += 1 } else if t.isWord(i, "DESC") {
                    i += 1
                    column.isPrimaryKeyDescending = true
                    key.hasOptions = true
                }
                if skipConflictClause() { key.hasOptions = true }
                if t.isWord(i, "AUTOINCREMENT") {
                    column.isAutoIncrement = true
                    i += 1
                }
                setPrimaryKey(key)
            case "NOT":
                guard t.isWord(i + 1, "NULL") else { return problem("NOT without NULL in column \(column.name)") }
                i += 2
                if skipConflictClause() { problem("ON CONFLICT on NOT NULL") }
            case "NULL":
                i += 1
                if skipConflictClause() { problem("ON CONFLICT on NULL") }
            case "UNIQUE":
                i += 1
                var key = SQLiteTableDefinition.KeyDefinition(name: name, columns: [column.name])
                if skipConflictClause() { key.hasOptions = true }
                result.uniques.append(key)
            case "CHECK":
                guard t.isSymbol(i + 1, "(") else { return problem("CHECK without (") }
                let close = t.close(i + 1)
                let body = (i + 2)..<close
                if name == nil, let values = enumValues(body, column: column.name), column.enumValues == nil {
                    column.enumValues = values
                    column.enumCheck = t.text(t.strippingParentheses(body))
                } else {
                    result.checks.append(Check(name: name, expression: t.text(t.strippingParentheses(body))))
                }
                i = close + 1
            case "DEFAULT":
                i += 1
                skipDefault(part.upperBound)
            case "COLLATE":
                guard t.isName(i + 1) else { return problem("COLLATE without a name") }
                column.collation = t.name(i + 1)
                i += 2
            case "REFERENCES":
                var key = SQLiteTableDefinition.ForeignKeyDefinition(name: name, columns: [column.name])
                scanReferences(&key, end: part.upperBound)
                result.foreignKeys.append(key)
            case "GENERATED", "AS":
                if word == "GENERATED" {
                    guard t.isWord(i + 1, "ALWAYS"), t.isWord(i + 2, "AS") else { return problem("GENERATED without ALWAYS AS") }
                    i += 2
                }
                i += 1
                guard t.isSymbol(i, "(") else { return problem("a generated column without (expression)") }
                i = t.close(i) + 1
                if t.isWord(i, "STORED") || t.isWord(i, "VIRTUAL") { i += 1 }
                column.isGenerated = true
            default:
                problem("'\(t[i].text)' in the definition of column \(column.name)")
                i += 1
            }
            name = nil
        }
    }

    /// `name IN ('a', 'b', …)` over this column: the labels, or nil.
    func enumValues(_ body: Range<Int>, column: String) -> [String]? {
        let body = t.strippingParentheses(body)
        guard body.count >= 4, t.isName(body.lowerBound), t[body.lowerBound].kind != .string,
              t.name(body.lowerBound).lowercased() == column.lowercased(),
              t.isWord(body.lowerBound + 1, "IN"), t.isSymbol(body.lowerBound + 2, "("),
              t.close(body.lowerBound + 2) == body.upperBound - 1 else { return nil }
        let list = (body.lowerBound + 3)..<(body.upperBound - 1)
        if list.isEmpty { return [] }
        var values: [String] = []
        for item in t.splitOnCommas(list) {
            guard item.count == 1, t[item.lowerBound].kind == .string else { return nil }
            values.append(t.name(item.lowerBound))
        }
        return values
    }

    /// Skips a `DEFAULT` value: `(expr)`, a signed number, or one literal or name.
    mutating func skipDefault(_ end: Int) {
        guard i < end else { return problem("DEFAULT without a value") }
        if t.isSymbol(i, "(") {
            i = t.close(i) + 1
            return
        }
        if t.isSymbol(i, "-") || t.isSymbol(i, "+") { i += 1 }
        guard i < end else { return }
        i += 1
        // A number's further pieces (`1.5`, `1e-3`, `.5`) and a blob's quote (`x'00'`) follow without a gap.
        while i < end, !t[i].followsGap, !(t.isSymbol(i, "(") || t.isSymbol(i, ",") || t.isSymbol(i, ")")) {
            i += 1
        }
    }

    /// Skips `ON CONFLICT <resolution>`; true if there was one.
    mutating func skipConflictClause() -> Bool {
        guard t.isWord(i, "ON"), t.isWord(i + 1, "CONFLICT") else { return false }
        i += 3
        return true
    }

    mutating func setPrimaryKey(_ key: SQLiteTableDefinition.KeyDefinition) {
        if result.primaryKey != nil { problem("more than one PRIMARY KEY") }
        result.primaryKey = key
    }

    // MARK: Table constraints

    /// One item of the constraint list; SQLite lets constraints follow one another without a comma.
    mutating func scanTableConstraints(_ part: Range<Int>) {
        i = part.lowerBound
        while i < part.upperBound {
            var name: String?
            if t.isWord(i, "CONSTRAINT") {
                guard t.isName(i + 1) else { return problem("CONSTRAINT without a name") }
                name = t.name(i + 1)
                i += 2
            }
            guard let word = upper(i) else {
                problem("'\(i < t.count ? t[i].text : "")' in the constraint list")
                return
            }
            switch word {
            case "PRIMARY", "UNIQUE":
                if word == "PRIMARY" {
                    guard t.isWord(i + 1, "KEY") else { return problem("PRIMARY without KEY") }
                    i += 1
                }
                i += 1
                guard t.isSymbol(i, "(") else { return problem("\(word) without (columns)") }
                var key = keyColumns(name: name)
                if skipConflictClause() { key.hasOptions = true }
                if word == "PRIMARY" { setPrimaryKey(key) } else { result.uniques.append(key) }
            case "CHECK":
                guard t.isSymbol(i + 1, "(") else { return problem("CHECK without (") }
                let close = t.close(i + 1)
                result.checks.append(Check(name: name, expression: t.text(t.strippingParentheses((i + 2)..<close))))
                i = close + 1
                if skipConflictClause() { problem("ON CONFLICT on a CHECK") }
            case "FOREIGN":
                guard t.isWord(i + 1, "KEY"), t.isSymbol(i + 2, "(") else { return problem("FOREIGN without KEY (columns)") }
                i += 2
                let close = t.close(i)
                let columns = t.splitOnCommas((i + 1)..<close).compactMap { $0.count == 1 ? t.name($0.lowerBound) : nil }
                i = close + 1
                guard t.isWord(i, "REFERENCES") else { return problem("FOREIGN KEY without REFERENCES") }
                var key = SQLiteTableDefinition.ForeignKeyDefinition(name: name, columns: columns)
                scanReferences(&key, end: part.upperBound)
                result.foreignKeys.append(key)
            default:
                problem("'\(t[i].text)' in the constraint list")
                return
            }
        }
    }

    /// The `(col [COLLATE c] [ASC|DESC], …)` of a key, at `i` on its `(`.
    mutating func keyColumns(name: String?) -> SQLiteTableDefinition.KeyDefinition {
        let close = t.close(i)
        var key = SQLiteTableDefinition.KeyDefinition(name: name, columns: [])
        for item in t.splitOnCommas((i + 1)..<close) {
            guard let first = item.first, t.isName(first) else {
                key.hasOptions = true
                continue
            }
            key.columns.append(t.name(first))
            var index = first + 1
            while index < item.upperBound {
                if t.isWord(index, "ASC") {
                    index += 1
                } else {
                    key.hasOptions = true
                    index += 1
                }
            }
        }
        i = close + 1
        return key
    }

    /// `REFERENCES table [(cols)] [ON DELETE|UPDATE action | MATCH name]… [[NOT] DEFERRABLE [INITIALLY …]]`,
    /// at `i` on `REFERENCES`.
    mutating func scanReferences(_ key: inout SQLiteTableDefinition.ForeignKeyDefinition, end: Int) {
        i += 1
        guard t.isName(i) else { return problem("REFERENCES without a table") }
        i += 1
        if t.isSymbol(i, "(") { i = t.close(i) + 1 }
        while i < end {
            if t.isWord(i, "ON"), t.isWord(i + 1, "DELETE") || t.isWord(i + 1, "UPDATE") {
                i += 2
                if t.isWord(i, "SET") || t.isWord(i, "NO") { i += 2 } else { i += 1 }
            } else if t.isWord(i, "MATCH"), t.isName(i + 1) {
                switch upper(i + 1) {
                case "FULL": key.match = .full
                case "PARTIAL": key.match = .partial
                case "SIMPLE": key.match = .simple
                default: problem("MATCH \(t[i + 1].text)")
                }
                i += 2
            } else if t.isWord(i, "DEFERRABLE") || (t.isWord(i, "NOT") && t.isWord(i + 1, "DEFERRABLE")) {
                let negated = t.isWord(i, "NOT")
                i += negated ? 2 : 1
                var deferred = false
                if t.isWord(i, "INITIALLY") {
                    deferred = t.isWord(i + 1, "DEFERRED")
                    i += 2
                }
                if negated {
                    key.deferrability = .notDeferrable
                    if deferred { problem("NOT DEFERRABLE INITIALLY DEFERRED") }
                } else {
                    key.deferrability = deferred ? .initiallyDeferred : .initiallyImmediate
                }
            } else {
                break
            }
        }
    }
}
