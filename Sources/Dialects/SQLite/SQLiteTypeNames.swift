import Schema

/// SQLite's declared types and defaults, both ways: the portable ``ColumnType`` of a
/// declared type, the declared type of a portable one, the column's affinity, and the
/// ``ColumnDefault`` of a stored `DEFAULT` text.
///
/// SQLite keeps a column's declared type verbatim and derives only an affinity from it,
/// so the mapping is one spelling per portable type (the renderer's), plus synonyms whose
/// affinity is the same (`INT`, `DECIMAL(p,s)`, `DOUBLE`, `BOOL`, `CHARACTER VARYING(n)`);
/// every other spelling is ``ColumnType/custom(_:)`` with the declared text normalised
/// (words in upper case, one space between words, none around punctuation), which
/// renders back as itself. See the SQLite column of the table in ``ColumnType``.
enum SQLiteTypeNames {
    /// A column's affinity: how SQLite converts the values stored in it.
    enum Affinity {
        case integer, text, blob, real, numeric
    }

    // MARK: - Types

    /// The declared text in normal form: `varchar ( 10 )` is `VARCHAR(10)`, `unsigned  big int`
    /// is `UNSIGNED BIG INT`.
    static func normalizedDeclaration(_ text: String) -> String {
        let t = SQLiteTokens(text)
        var out = ""
        var previousIsName = false
        for index in 0..<t.count {
            let token = t[index]
            let isName = token.kind != .symbol
            if isName, previousIsName { out += " " }
            out += token.kind == .word ? token.text.uppercased() : token.text
            previousIsName = isName
        }
        return out
    }

    /// The portable type of a declared type.
    ///
    /// - Parameters:
    ///   - declared: The declared text, as `pragma_table_xinfo` gives it.
    ///   - isRowIDKey: Whether the column is the whole primary key of a rowid table, where
    ///     only `INTEGER` makes a rowid alias and `INT` therefore differs from it.
    static func portable(_ declared: String, isRowIDKey: Bool) -> ColumnType {
        let text = normalizedDeclaration(declared)
        var base = Substring(text)
        var arguments: [Int] = []
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            base = text[..<open]
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            for piece in inner.split(separator: ",", omittingEmptySubsequences: false) {
                guard let number = Int(piece) else { return .custom(text) }
                arguments.append(number)
            }
        }
        switch (base, arguments.count) {
        case ("INTEGER", 0): return .int
        case ("INT", 0): return isRowIDKey ? .custom(text) : .int
        case ("SMALLINT", 0): return .smallint
        case ("BIGINT", 0): return .bigint
        case ("VARCHAR", 1), ("CHARACTER VARYING", 1): return .string(length: arguments[0])
        case ("TEXT", 0): return .text
        case ("BOOLEAN", 0), ("BOOL", 0): return .bool
        case ("NUMERIC", 0), ("DECIMAL", 0): return .decimal()
        case ("NUMERIC", 1), ("DECIMAL", 1): return .decimal(precision: arguments[0], scale: 0)
        case ("NUMERIC", 2), ("DECIMAL", 2): return .decimal(precision: arguments[0], scale: arguments[1])
        case ("REAL", 0), ("DOUBLE", 0), ("DOUBLE PRECISION", 0): return .double
        case ("FLOAT", 0): return .float
        case ("DATE", 0): return .date
        case ("TIME", 0): return .time()
        case ("TIME", 1): return .time(precision: arguments[0])
        case ("DATETIME", 0): return .datetime()
        case ("DATETIME", 1): return .datetime(precision: arguments[0])
        case ("TIMESTAMP", 0): return .timestampWithZone()
        case ("TIMESTAMP", 1): return .timestampWithZone(precision: arguments[0])
        case ("UUID", 0): return .uuid
        case ("JSON", 0): return .json
        case ("BLOB", 0): return .binary()
        case ("BLOB", 1): return .binary(length: arguments[0])
        default: return .custom(text)
        }
    }

    /// The declared type the renderer writes for `type`; in a `STRICT` table one of the
    /// five types it accepts (`INTEGER`, `REAL`, `TEXT`, `BLOB`, or a custom `ANY`/`INT`).
    static func declaration(_ type: ColumnType, strict: Bool) -> String {
        if strict {
            switch type {
            case .smallint, .int, .bigint, .bool: return "INTEGER"
            case .float, .double: return "REAL"
            case .binary: return "BLOB"
            case .custom(let sql): return sql
            default: return "TEXT"
            }
        }
        switch type {
        case .smallint: return "SMALLINT"
        case .int: return "INTEGER"
        case .bigint: return "BIGINT"
        case .string(let length): return "VARCHAR(\(length))"
        case .text, .enum, .enumType: return "TEXT"
        case .bool: return "BOOLEAN"
        case .decimal(let precision?, let scale): return "NUMERIC(\(precision),\(scale ?? 0))"
        case .decimal: return "NUMERIC"
        case .float: return "FLOAT"
        case .double: return "REAL"
        case .date: return "DATE"
        case .time(let precision): return precision.map { "TIME(\($0))" } ?? "TIME"
        case .datetime(let precision): return precision.map { "DATETIME(\($0))" } ?? "DATETIME"
        case .timestampWithZone(let precision): return precision.map { "TIMESTAMP(\($0))" } ?? "TIMESTAMP"
        case .uuid: return "UUID"
        case .json: return "JSON"
        case .binary(let length): return length.map { "BLOB(\($0))" } ?? "BLOB"
        case .custom(let sql): return sql
        }
    }

    /// The affinity SQLite gives a declared type (its five rules, in order; in a `STRICT`
    /// table `ANY` converts nothing, like a blob).
    static func affinity(_ declared: String) -> Affinity {
        let text = declared.uppercased()
        if text.contains("INT") { return .integer }
        if text.contains("CHAR") || text.contains("CLOB") || text.contains("TEXT") { return .text }
        if text.contains("BLOB") || text.isEmpty || text == "ANY" { return .blob }
        if text.contains("REAL") || text.contains("FLOA") || text.contains("DOUB") { return .real }
        return .numeric
    }

    // MARK: - Defaults

    /// The default a stored `DEFAULT` text stands for, on a column of `type` with `affinity`.
    ///
    /// Parentheses around the whole text are dropped (`((1))` is `1`); `NULL`, `TRUE`,
    /// `FALSE` and the three clock keywords are their cases; a string, a bare name or a
    /// double-quoted name (which SQLite stores as text) is ``ColumnDefault/string(_:)``; a
    /// signed decimal number is ``ColumnDefault/number(_:)``; a string that is a decimal
    /// number on a column that converts it to a number is that number; `0` and `1` on a
    /// ``ColumnType/bool`` column are ``ColumnDefault/bool(_:)``; anything else is an
    /// ``ColumnDefault/expression(_:)`` of normalised text.
    static func parseDefault(_ text: String, type: ColumnType, affinity: Affinity) -> ColumnDefault {
        // The common shapes need no tokens: a bare integer, a string without quotes inside.
        if !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), type != .bool,
           let number = ColumnDefault.number(normalizing: text) {
            return number
        }
        if text.utf8.count >= 2, text.utf8.first == 0x27, text.utf8.last == 0x27,
           !text.utf8.dropFirst().dropLast().contains(0x27), affinity == .text || affinity == .blob {
            return .string(String(text.dropFirst().dropLast()))
        }
        let t = SQLiteTokens(text)
        let range = t.strippingParentheses(0..<t.count)
        var value = literal(range, in: t) ?? .expression(t.text(range))
        if case .string(let string) = value, affinity == .integer || affinity == .real || affinity == .numeric,
           isPlainDecimal(string), let number = ColumnDefault.number(normalizing: string) {
            value = number
        }
        if type == .bool, case .number(let number) = value, number == "0" || number == "1" {
            value = .bool(number == "1")
        }
        return value
    }

    private static func literal(_ range: Range<Int>, in t: SQLiteTokens) -> ColumnDefault? {
        guard let first = range.first else { return nil }
        if range.count == 1 {
            let token = t[first]
            switch token.kind {
            case .string, .quotedIdentifier:
                return .string(t.name(first))
            case .word:
                switch token.text.uppercased() {
                case "NULL": return .null
                case "TRUE": return .bool(true)
                case "FALSE": return .bool(false)
                case "CURRENT_TIMESTAMP": return .currentTimestamp
                case "CURRENT_DATE": return .currentDate
                case "CURRENT_TIME": return .currentTime
                default:
                    if let digit = token.text.utf8.first, (48...57).contains(digit) {
                        return ColumnDefault.number(normalizing: token.text)
                    }
                    return .string(token.text)
                }
            case .symbol:
                return nil
            }
        }
        // A signed or fractional number: `-1`, `+2.5`, `.5`; only the sign may stand apart.
        var compact = ""
        for index in range {
            if index > first + 1, t[index].followsGap { return nil }
            guard t[index].kind == .word || t[index].kind == .symbol else { return nil }
            compact += t[index].text
        }
        return ColumnDefault.number(normalizing: compact)
    }

    /// Whether `text` is `-?digits[.digits]` exactly, as SQLite's affinity converts it.
    private static func isPlainDecimal(_ text: String) -> Bool {
        var digits = 0
        var points = 0
        for (offset, byte) in text.utf8.enumerated() {
            if byte == 0x2D, offset == 0 { continue }
            if byte == 0x2E {
                points += 1
            } else if (48...57).contains(byte) {
                digits += 1
            } else {
                return false
            }
        }
        return digits > 0 && points <= 1
    }

    /// The text the renderer writes after `DEFAULT`.
    static func defaultSQL(_ value: ColumnDefault, dialect: SQLiteDialect) -> String {
        switch value {
        case .null: "NULL"
        case .string(let text): dialect.quoteLiteral(text)
        case .number(let number): number
        case .bool(let truth): truth ? "TRUE" : "FALSE"
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        case .currentDate: "CURRENT_DATE"
        case .currentTime: "CURRENT_TIME"
        case .nextValue(let sequence): "(nextval(\(dialect.quoteLiteral(sequence))))"
        case .expression(let sql): "(\(sql))"
        }
    }
}
